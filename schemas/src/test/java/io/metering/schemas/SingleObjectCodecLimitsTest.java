package io.metering.schemas;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A message that claims more than any real one could hold is refused before Avro allocates it. */
class SingleObjectCodecLimitsTest {

    @Test
    void aBatchClaimingABillionEventsIsAnInvalidMessageNotAnOutOfMemoryError() {
        byte[] empty = Codecs.EVENT_BATCH.encode(EventBatch.newBuilder().setTenantId("t").setDeviceId("d").setBatchSeq(1)
                .setPreviousHash(ByteBuffer.wrap(new byte[32])).setCreatedAt(Instant.EPOCH).setEvents(List.of()).build());
        // the empty events array, evictedEvents and unrecognisedLaunches are the last three bytes (all 0)
        byte[] hostile = concat(Arrays.copyOf(empty, empty.length - 3), varint(1L << 30), new byte[] {2, 4, 6});

        assertThatThrownBy(() -> Codecs.EVENT_BATCH.decode(hostile)).isInstanceOf(InvalidMessageException.class);
    }

    @Test
    void anEnvelopeClaimingAGigabyteBatchIsAnInvalidMessage() {
        byte[] envelope = Codecs.SIGNED_BATCH.encode(SignedBatch.newBuilder().setDeviceId("d")
                .setBatch(ByteBuffer.allocate(0)).setSignature(ByteBuffer.allocate(0)).build());
        // header (10 bytes), deviceId "d" (length 1 as zigzag 2, then 'd'), then the batch's length (0)
        byte[] hostile = concat(Arrays.copyOf(envelope, 12), varint(1L << 30), new byte[] {1, 2, 3});

        assertThatThrownBy(() -> Codecs.SIGNED_BATCH.decode(hostile)).isInstanceOf(InvalidMessageException.class);
    }

    /** Avro's zigzag varint of {@code n}. */
    static byte[] varint(long n) {
        long z = (n << 1) ^ (n >> 63);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((z & ~0x7FL) != 0) {
            out.write((int) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.write((int) z);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
