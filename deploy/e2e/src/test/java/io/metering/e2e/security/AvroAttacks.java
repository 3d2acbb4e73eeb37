package io.metering.e2e.security;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import io.metering.schemas.Codecs;
import io.metering.schemas.EventBatch;
import io.metering.schemas.EventType;
import io.metering.schemas.UsageEvent;

/**
 * Hostile signed batches for {@code POST /v1/events}: the SignedBatch envelope truncated, bit-flipped,
 * with a wrong fingerprint or replaced by garbage; the inner EventBatch mangled the same ways and
 * re-signed with the device's real key (so the signature is right and the parser is what is tested);
 * correctly chained batches full of absurd events; batches naming another device or tenant, breaking
 * or replaying the chain, too large, with a wrong algorithm or signature. Not thread-safe: one per thread.
 */
final class AvroAttacks {

    private final Random random;
    private final List<Device> devices;
    private final String product;
    private int next;

    AvroAttacks(Random random, List<Device> devices, String product) {
        this.random = random;
        this.devices = devices;
        this.product = product;
    }

    /** The envelope mangled; its inner batch is a correct next batch of one of the devices. */
    Attack envelope() {
        Device d = device();
        byte[] batch = Codecs.EVENT_BATCH.encode(d.next(d.launches(1 + random.nextInt(5), product, recent())).build());
        byte[] envelope = d.envelope(batch);
        int kind = random.nextInt(7);
        byte[] body = switch (kind) {
            case 0 -> Arrays.copyOf(envelope, random.nextInt(envelope.length));
            case 1 -> flip(envelope, 1 + random.nextInt(16));
            case 2 -> overwrite(envelope, 2, 8);
            case 3 -> bytes(random.nextInt(3000));
            case 4 -> overwrite(envelope, 0, 2);
            case 5 -> concat(envelope, bytes(1 + random.nextInt(100)));
            default -> insert(envelope, random.nextInt(envelope.length), bytes(1 + random.nextInt(8)));
        };
        String[] names = {"truncated", "bit-flipped", "wrong fingerprint", "garbage", "wrong marker", "trailing bytes", "inserted bytes"};
        return upload("avro envelope: " + names[kind], d, body, kind == 5 || kind == 6 || kind == 1, movesChain(d, batch, envelope));
    }

    /** The inner batch or its chain mangled, signed with the device's own key. */
    Attack inner() {
        Device d = device();
        EventBatch.Builder valid = d.next(d.launches(1 + random.nextInt(3), product, recent()));
        byte[] good = Codecs.EVENT_BATCH.encode(valid.build());
        int kind = random.nextInt(16);
        return switch (kind) {
            case 0 -> signed(d, "inner truncated", Arrays.copyOf(good, random.nextInt(good.length)), false);
            case 1 -> signed(d, "inner bit-flipped", flip(good, 1 + random.nextInt(16)), true);
            case 2 -> signed(d, "inner wrong fingerprint", overwrite(good, 2, 8), false);
            case 3 -> signed(d, "inner garbage", bytes(random.nextInt(3000)), false);
            case 4, 5, 6 -> signed(d, "absurd events", Codecs.EVENT_BATCH.encode(d.next(absurdEvents(d)).build()), true);
            case 7 -> signed(d, "batch names another tenant", Codecs.EVENT_BATCH.encode(valid.setTenantId("demo").build()), false);
            case 8 -> signed(d, "batch names another device", Codecs.EVENT_BATCH.encode(valid.setDeviceId(other(d).id()).build()), false);
            case 9 -> signed(d, "broken chain", Codecs.EVENT_BATCH.encode(valid.setPreviousHash(ByteBuffer.wrap(bytes(random.nextInt(3) * 16)))
                    .build()), false);
            case 10 -> signed(d, "old batchSeq", Codecs.EVENT_BATCH.encode(valid.setBatchSeq(new long[] {0, -1, Long.MIN_VALUE}[random.nextInt(3)])
                    .build()), false);
            case 11 -> signed(d, "empty batch", Codecs.EVENT_BATCH.encode(d.next(List.of()).build()), false);
            case 12 -> random.nextInt(10) == 0
                    ? signed(d, "10001 events", Codecs.EVENT_BATCH.encode(d.next(d.launches(10_001, product, recent())).build()), false)
                    : replay(d);
            case 13 -> upload("wrong algorithm or signature", d, random.nextBoolean()
                    ? Device.envelope(d.id(), good, d.sign(good), Injections.string(random))
                    : Device.envelope(d.id(), good, bytes(random.nextInt(128)), "Ed25519"), false, r -> { });
            case 14 -> upload("signed by another device", d, Device.envelope(other(d).id(), good, d.sign(good), "Ed25519"), false, r -> { });
            default -> claimsHugeLength(d);
        };
    }

    /**
     * A length or count far beyond the body (2^20 .. 2^31 items or bytes), where Avro would allocate
     * before reading: the events array of a signed inner batch, the batch bytes or the device id of the envelope.
     */
    private Attack claimsHugeLength(Device d) {
        long claimed = 1L << (20 + random.nextInt(12));
        if (random.nextBoolean()) {
            byte[] empty = Codecs.EVENT_BATCH.encode(d.next(List.of()).build());
            // the empty events array, evictedEvents and unrecognisedLaunches are the last three bytes
            byte[] hostile = concat(concat(Arrays.copyOf(empty, empty.length - 3), varint(claimed)), bytes(1 + random.nextInt(64)));
            return signed(d, "claims a huge length", hostile, false);
        }
        byte[] envelope = Device.envelope(d.id(), new byte[0], new byte[0], "Ed25519");
        int afterHeader = 10;
        int afterDeviceId = afterHeader + varint(d.id().length()).length + d.id().length();
        int at = random.nextBoolean() ? afterDeviceId : afterHeader;
        return upload("claims a huge length", d, concat(concat(Arrays.copyOf(envelope, at), varint(claimed)), bytes(1 + random.nextInt(64))),
                false, r -> { });
    }

    /** Avro's zigzag varint. */
    private static byte[] varint(long n) {
        long z = (n << 1) ^ (n >> 63);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while ((z & ~0x7FL) != 0) {
            out.write((int) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.write((int) z);
        return out.toByteArray();
    }

    private Attack signed(Device d, String category, byte[] batch, boolean mayBeValid) {
        byte[] envelope = d.envelope(batch);
        return upload(category, d, envelope, mayBeValid, movesChain(d, batch, envelope));
    }

    /** The device's last accepted batch again (a retry: 202 with duplicates) or a made-up older one. */
    private Attack replay(Device d) {
        byte[] last = d.lastEnvelope();
        if (last == null) {
            return signed(d, "replayed batch", Codecs.EVENT_BATCH.encode(d.next(d.launches(1, product, recent())).setBatchSeq(0).build()), false);
        }
        return upload("replayed batch", d, last, true, r -> { });
    }

    private List<UsageEvent> absurdEvents(Device d) {
        List<UsageEvent> events = new ArrayList<>();
        int n = 1 + random.nextInt(5);
        for (int i = 0; i < n; i++) {
            UsageEvent.Builder e = UsageEvent.newBuilder(d.event(d.nextEventSeq(), product, recent()));
            switch (random.nextInt(16)) {
                case 0 -> e.setSeq(new long[] {0, -1, Long.MIN_VALUE}[random.nextInt(3)]);
                case 1 -> e.setOccurredAt(Instant.ofEpochMilli(new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0, 32_503_680_000_000L,
                        -62_135_596_800_000L}[random.nextInt(5)]));
                case 2 -> e.setActiveSeconds(new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE}[random.nextInt(3)]);
                case 3 -> e.setIdleSeconds(new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE}[random.nextInt(3)]);
                case 4 -> e.setPid(new long[] {-1, Long.MIN_VALUE}[random.nextInt(2)]);
                case 5 -> e.setExecutable(random.nextBoolean() ? "x".repeat(100_000) : Injections.string(random));
                case 6 -> e.setDeviceId(random.nextBoolean() ? other(d).id() : Injections.string(random));
                case 7 -> e.setTenantId(random.nextBoolean() ? "demo" : Injections.string(random));
                case 8 -> e.setSessionId(random.nextBoolean() ? "" : Injections.string(random));
                case 9 -> e.setProductId(random.nextBoolean() ? "p".repeat(5000) : Injections.string(random));
                case 10 -> e.setUser(random.nextBoolean() ? "u".repeat(5000) : Injections.string(random));
                case 11 -> e.setAgentVersion(Injections.string(random));
                case 12 -> e.setAttributes(attributes());
                case 13 -> e.setProcessStartedAt(Instant.now().plusSeconds(3600));
                case 14 -> e.setType(EventType.UNKNOWN);
                default -> e.setOccurredAt(Instant.now().plusSeconds(86_400L * (1 + random.nextInt(10_000))));
            }
            events.add(e.build());
        }
        return events;
    }

    private Map<String, String> attributes() {
        Map<String, String> attributes = new HashMap<>();
        int n = random.nextBoolean() ? 40 : 2;
        for (int i = 0; i < n; i++) {
            attributes.put(random.nextBoolean() ? "k" + i : "k".repeat(100) + i, Injections.string(random));
        }
        return attributes;
    }

    private Attack upload(String category, Device d, byte[] body, boolean mayBeValid, Consumer<Http.Reply> after) {
        return new Attack(category, "POST", SecurityStack.ingest() + "/v1/events", Role.AGENT, Http.AVRO, body, mayBeValid, after);
    }

    private static Consumer<Http.Reply> movesChain(Device d, byte[] batch, byte[] envelope) {
        return r -> {
            if (r.status() == 202) {
                try {
                    d.accepted(batch, envelope);
                } catch (RuntimeException ignored) {
                    // the service accepted bytes this client cannot decode: the chain is out of step; later batches get 409
                }
            }
        };
    }

    private Device device() {
        return devices.get(next++ % devices.size());
    }

    private Device other(Device d) {
        return devices.get((devices.indexOf(d) + 1) % devices.size());
    }

    private static Instant recent() {
        return Instant.now().minusSeconds(60);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private byte[] flip(byte[] original, int bits) {
        byte[] b = original.clone();
        for (int i = 0; i < bits && b.length > 0; i++) {
            int at = random.nextInt(b.length * 8);
            b[at / 8] ^= (byte) (1 << (at % 8));
        }
        return b;
    }

    private byte[] overwrite(byte[] original, int from, int length) {
        byte[] b = original.clone();
        for (int i = from; i < Math.min(b.length, from + length); i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static byte[] insert(byte[] a, int at, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, at);
        System.arraycopy(b, 0, c, at, b.length);
        System.arraycopy(a, at, c, at + b.length, a.length - at);
        return c;
    }
}
