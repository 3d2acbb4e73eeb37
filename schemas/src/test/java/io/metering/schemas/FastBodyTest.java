package io.metering.schemas;

import static io.metering.schemas.SingleObjectCodecLimitsTest.concat;
import static io.metering.schemas.SingleObjectCodecLimitsTest.varint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The hand-written bodies write Avro's bytes, read Avro's bytes, and refuse what Avro would. */
class FastBodyTest {

    private static final String[] TEXTS = {"", "demo", "CORP\\alice", "caf\u00e9", "\u6f22\u5b57", "\ud83d\ude80 rocket",
        "a\u0000b", "x".repeat(300), "y".repeat(63), "z".repeat(64), "w".repeat(62) + "\u00e9"};

    @Test
    void theCodecsOfEventsUseTheirFastBodiesForTheCurrentSchemas() {
        assertThat(Codecs.USAGE_EVENT.hasFastBody()).as("UsageEventBody.FINGERPRINT is the current schema's").isTrue();
        assertThat(Codecs.DEVICE_EVENTS.hasFastBody()).as("DeviceEventsBody.FINGERPRINT is the current schema's").isTrue();
    }

    @Test
    void randomEventsEncodeToExactlyAvrosBytesAndDecodeBothWays() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            UsageEvent event = randomEvent(random);
            byte[] avro = bytes(UsageEvent.getEncoder().encode(event));

            byte[] fast = Codecs.USAGE_EVENT.encode(event);

            assertThat(fast).as("event %d: %s", i, event).isEqualTo(avro);
            assertThat(Codecs.USAGE_EVENT.decode(avro)).isEqualTo(event);
            assertThat(UsageEvent.getDecoder().decode(fast)).isEqualTo(event);
        }
    }

    @Test
    void aDeviceBatchEncodesToAvrosBytesAndDecodesToItsEvents() throws Exception {
        Random random = new Random(7);
        for (int size : new int[] {0, 1, 64, 1_000}) {
            List<UsageEvent> events = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                events.add(randomEvent(random));
            }
            DeviceEvents batch = new DeviceEvents("demo", "dev-\u00e9", events);

            byte[] fast = Codecs.DEVICE_EVENTS.encode(batch);

            assertThat(fast).isEqualTo(bytes(DeviceEvents.getEncoder().encode(batch)));
            DeviceEvents read = Codecs.DEVICE_EVENTS.decode(fast);
            assertThat(read.getTenantId()).isEqualTo("demo");
            assertThat(read.getDeviceId()).isEqualTo("dev-\u00e9");
            assertThat(new ArrayList<>(read.getEvents())).isEqualTo(events);
        }
    }

    @Test
    void theEventsOfADeviceBatchShareTheStringsTheyRepeat() {
        Random random = new Random(17);
        UsageEvent first = randomEvent(random);
        first.setTenantId("demo");
        first.setDeviceId("dev-1");
        UsageEvent second = randomEvent(random);
        second.setTenantId("demo");
        second.setDeviceId("dev-1");
        second.setSessionId(first.getSessionId());
        second.setProductId("p-\u00e9");
        first.setProductId("p-\u00e9");

        DeviceEvents read = Codecs.DEVICE_EVENTS.decode(Codecs.DEVICE_EVENTS.encode(
                new DeviceEvents("demo", "dev-1", List.of(first, second))));

        UsageEvent a = read.getEvents().get(0);
        UsageEvent b = read.getEvents().get(1);
        assertThat(List.of(a, b)).isEqualTo(List.of(first, second));
        assertThat(a.getTenantId()).isSameAs(read.getTenantId()).isSameAs(b.getTenantId());
        assertThat(a.getDeviceId()).isSameAs(read.getDeviceId()).isSameAs(b.getDeviceId());
        assertThat(b.getSessionId()).isSameAs(a.getSessionId());
        assertThat(b.getProductId()).isSameAs(a.getProductId());
    }

    @Test
    void anEventIdInUpperCaseOrInAShortFormIsReadAsUuidFromStringReadsIt() {
        UsageEvent event = randomEvent(new Random(19));
        byte[] bytes = Codecs.USAGE_EVENT.encode(event);
        String canonical = event.getEventId().toString();
        assertThat(new String(bytes, 11, 36)).isEqualTo(canonical);
        byte[] rest = Arrays.copyOfRange(bytes, 47, bytes.length);

        byte[] upper = concat(Arrays.copyOf(bytes, 11), canonical.toUpperCase().getBytes(), rest);
        byte[] shortForm = concat(Arrays.copyOf(bytes, 10), varint(9), "1-2-3-4-5".getBytes(), rest);

        assertThat(Codecs.USAGE_EVENT.decode(upper)).isEqualTo(event);
        assertThat(Codecs.USAGE_EVENT.decode(shortForm).getEventId()).isEqualTo(UUID.fromString("1-2-3-4-5"));
    }

    @Test
    void attributesWrittenInSeveralBlocksWithByteSizesAreRead() {
        UsageEvent event = randomEvent(new Random(1));
        event.setAttributes(Map.of());
        byte[] plain = Codecs.USAGE_EVENT.encode(event);
        // the empty map is the last byte; other Avro writers may send blocks of negative counts with byte sizes
        byte[] blocks = concat(Arrays.copyOf(plain, plain.length - 1),
                varint(-1), varint(4), varint(1), "a".getBytes(), varint(1), "1".getBytes(),
                varint(1), varint(1), "b".getBytes(), varint(1), "2".getBytes(), varint(0));

        assertThat(Codecs.USAGE_EVENT.decode(blocks).getAttributes()).isEqualTo(Map.of("a", "1", "b", "2"));
    }

    @Test
    void aBatchClaimingABillionEventsIsAnInvalidMessageNotAnOutOfMemoryError() {
        byte[] empty = Codecs.DEVICE_EVENTS.encode(new DeviceEvents("t", "d", List.of()));
        byte[] hostile = concat(Arrays.copyOf(empty, empty.length - 1), varint(1L << 30), new byte[] {2, 4, 6});

        assertThatThrownBy(() -> Codecs.DEVICE_EVENTS.decode(hostile))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("malformed DeviceEvents");
    }

    @Test
    void aMapClaimingSoManyEntriesThatTheirSizeOverflowsIsAnInvalidMessageNotAnEmptyMap() {
        UsageEvent event = randomEvent(new Random(13));
        event.setAttributes(Map.of());
        byte[] plain = Codecs.USAGE_EVENT.encode(event);
        // 2^62 entries of at least 2 bytes: 2^63 bytes, which a long multiplication would wrap to negative
        byte[] hostile = concat(Arrays.copyOf(plain, plain.length - 1), varint(1L << 62), new byte[] {2, 'a', 2, 'b'});

        assertThatThrownBy(() -> Codecs.USAGE_EVENT.decode(hostile)).isInstanceOf(InvalidMessageException.class);
    }

    @Test
    void aStringLongerThanTheMessageIsAnInvalidMessage() {
        byte[] header = Arrays.copyOf(Codecs.USAGE_EVENT.encode(randomEvent(new Random(3))), 10);
        byte[] hostile = concat(header, varint(Integer.MAX_VALUE), new byte[] {'a', 'b'});

        assertThatThrownBy(() -> Codecs.USAGE_EVENT.decode(hostile)).isInstanceOf(InvalidMessageException.class);
    }

    @Test
    void anEnumIndexOutsideItsSymbolsIsAnInvalidMessage() {
        UsageEvent event = randomEvent(new Random(5));
        event.setType(EventType.UNKNOWN);
        byte[] bytes = Codecs.USAGE_EVENT.encode(event);
        int typeAt = 10 + 37 + 1 + event.getTenantId().length() + 1 + event.getDeviceId().length() + varint(event.getSeq()).length;
        assertThat(bytes[typeAt]).as("the zigzag index of UNKNOWN").isEqualTo((byte) 8);
        bytes[typeAt] = 10;

        assertThatThrownBy(() -> Codecs.USAGE_EVENT.decode(bytes))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("EventType");
    }

    @Test
    void anEventIdThatIsNotAUuidIsAnInvalidMessage() {
        byte[] bytes = Codecs.USAGE_EVENT.encode(randomEvent(new Random(9)));
        bytes[11] = 'z'; // the first character of the UUID string

        assertThatThrownBy(() -> Codecs.USAGE_EVENT.decode(bytes)).isInstanceOf(InvalidMessageException.class);
    }

    @Test
    void aBodyWrittenForAnotherVersionOfTheSchemaIsNotUsed() {
        FastBody<UsageEvent> stale = new FastBody<>() {
            @Override
            public long schemaFingerprint() {
                return 42;
            }

            @Override
            public void write(UsageEvent record, AvroOut out) {
                throw new AssertionError("a stale body must not write");
            }

            @Override
            public UsageEvent read(AvroIn in) {
                throw new AssertionError("a stale body must not read");
            }
        };
        SingleObjectCodec<UsageEvent> codec = SingleObjectCodec.of(UsageEvent.class, stale);
        UsageEvent event = randomEvent(new Random(11));

        assertThat(codec.hasFastBody()).isFalse();
        assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
    }

    static UsageEvent randomEvent(Random r) {
        Map<String, String> attributes = new HashMap<>();
        for (int i = r.nextInt(4) == 0 ? r.nextInt(5) : 0; i > 0; i--) {
            attributes.put(text(r) + i, text(r));
        }
        return new UsageEvent(new UUID(r.nextLong(), r.nextLong()), text(r), text(r), number(r),
                EventType.values()[r.nextInt(EventType.values().length)], Instant.ofEpochMilli(number(r) >> 12), text(r),
                r.nextBoolean() ? null : text(r), text(r), r.nextBoolean() ? null : text(r), number(r),
                r.nextBoolean() ? null : Instant.ofEpochMilli(r.nextLong() >> 20), r.nextInt(), r.nextInt(100_000), text(r),
                attributes);
    }

    private static String text(Random r) {
        return r.nextInt(3) == 0 ? TEXTS[r.nextInt(TEXTS.length)] : "s-" + r.nextInt(1_000_000);
    }

    /** Small, large and negative values, so every varint length occurs. */
    private static long number(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> r.nextInt(128);
            case 1 -> r.nextLong();
            case 2 -> -r.nextInt(1_000_000);
            default -> r.nextLong() >> r.nextInt(64);
        };
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
