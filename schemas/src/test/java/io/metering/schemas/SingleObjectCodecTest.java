package io.metering.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class SingleObjectCodecTest {

    static UsageEvent launch() {
        return UsageEvent.newBuilder()
                .setEventId(UUID.randomUUID())
                .setTenantId("demo")
                .setDeviceId("dev-1")
                .setSeq(7)
                .setType(EventType.LAUNCH)
                .setOccurredAt(Instant.parse("2026-11-02T09:15:00Z"))
                .setSessionId("s-1")
                .setProductId("autocad")
                .setExecutable("acad.exe")
                .setUser("CORP\\alice")
                .setPid(4242)
                .setProcessStartedAt(Instant.parse("2026-11-02T09:14:59Z"))
                .setAgentVersion("0.1.0")
                .setAttributes(Map.of("os", "linux"))
                .build();
    }

    @Test
    void anEncodedEventDecodesToAnEqualEvent() {
        UsageEvent event = launch();
        byte[] bytes = Codecs.USAGE_EVENT.encode(event);
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(Codecs.USAGE_EVENT.decode(bytes)).isEqualTo(event);
    }

    @Test
    void anUnknownFingerprintIsRejectedWithAReason() {
        byte[] bytes = Codecs.USAGE_EVENT.encode(launch());
        bytes[5] ^= 0x7F;
        assertThatThrownBy(() -> Codecs.USAGE_EVENT.decode(bytes))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("unknown schema fingerprint");
    }

    @Test
    void truncatedBytesAreRejectedNotHalfRead() {
        byte[] bytes = Codecs.USAGE_EVENT.encode(launch());
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> Codecs.USAGE_EVENT.decode(truncated))
                    .as("truncated to %d bytes", length)
                    .isInstanceOf(InvalidMessageException.class);
        }
    }

    @Test
    void aBatchCarriesItsEventsThroughASignedEnvelope() {
        EventBatch batch = EventBatch.newBuilder()
                .setTenantId("demo").setDeviceId("dev-1").setBatchSeq(1)
                .setPreviousHash(java.nio.ByteBuffer.wrap(new byte[32]))
                .setCreatedAt(Instant.parse("2026-11-02T09:16:00Z"))
                .setEvents(java.util.List.of(launch()))
                .build();
        byte[] batchBytes = Codecs.EVENT_BATCH.encode(batch);
        SignedBatch signed = SignedBatch.newBuilder().setDeviceId("dev-1")
                .setBatch(java.nio.ByteBuffer.wrap(batchBytes))
                .setSignature(java.nio.ByteBuffer.wrap(new byte[64])).build();

        SignedBatch decoded = Codecs.SIGNED_BATCH.decode(Codecs.SIGNED_BATCH.encode(signed));
        byte[] inner = new byte[decoded.getBatch().remaining()];
        decoded.getBatch().get(inner);
        assertThat(Codecs.EVENT_BATCH.decode(inner).getEvents()).containsExactly(batch.getEvents().get(0));
    }

    /** The bytes of an encoding by Avro's own message encoder (of the generated class). */
    private static byte[] avro(java.nio.ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Test
    void encodingWritesExactlyTheBytesOfAvrosMessageEncoder() throws Exception {
        java.util.List<UsageEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            UsageEvent e = launch();
            e.setSeq(i);
            e.setUser(i % 3 == 0 ? null : "user-\u00e9-" + i);
            e.setProcessStartedAt(i % 2 == 0 ? null : Instant.ofEpochMilli(1_790_000_000_000L + i));
            events.add(e);
            assertThat(Codecs.USAGE_EVENT.encode(e)).isEqualTo(avro(UsageEvent.getEncoder().encode(e)));
        }
        DeviceEvents many = DeviceEvents.newBuilder().setTenantId("demo").setDeviceId("dev-1").setEvents(events).build();

        byte[] bytes = Codecs.DEVICE_EVENTS.encode(many);

        assertThat(bytes.length).as("larger than the kept buffer").isGreaterThan(300_000);
        assertThat(bytes).isEqualTo(avro(DeviceEvents.getEncoder().encode(many)));
        // element by element: DeviceEvents.equals compares its array with the generic model, which knows no Instant
        assertThat(new java.util.ArrayList<>(Codecs.DEVICE_EVENTS.decode(bytes).getEvents())).isEqualTo(events);
    }

    @Test
    void aRecordThatCannotBeEncodedLeavesNothingBehindForTheNextOne() throws Exception {
        UsageEvent broken = launch();
        broken.setSessionId(null);
        assertThatThrownBy(() -> Codecs.USAGE_EVENT.encode(broken)).isInstanceOf(InvalidMessageException.class);

        UsageEvent next = launch();
        assertThat(Codecs.USAGE_EVENT.encode(next)).isEqualTo(avro(UsageEvent.getEncoder().encode(next)));
    }
}
