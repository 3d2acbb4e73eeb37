package io.metering.ingest.topology;

import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of consumption minutes: the output key {@code tenant/product/<minute epoch millis>}, and the
 * byte-ordered state store keys {@code [minute: 8 bytes big-endian][tenant][product][suffix]} with
 * 2-byte length-prefixed ids. The minute comes first so that all state of the minutes before a
 * cutoff is one key range; the length prefixes make every (minute, tenant, product) prefix exact.
 * <p>
 * Stateless and thread-safe.
 */
final class ConsumptionKeys {

    private ConsumptionKeys() {
    }

    static String outputKey(String tenantId, String productId, long minute) {
        return tenantId + "/" + productId + "/" + minute;
    }

    static Bytes minuteKey(MinuteDelta d) {
        return Bytes.wrap(prefix(d).toByteArray());
    }

    static Bytes userKey(MinuteDelta d, UserIdentity user) {
        BinaryWriter w = prefix(d);
        user.writeTo(w);
        return Bytes.wrap(w.toByteArray());
    }

    /** The smallest key of the minute {@code minute}: every key of an earlier minute sorts before it. */
    static Bytes firstKeyOf(long minute) {
        return Bytes.wrap(new BinaryWriter(8).writeLong(minute).toByteArray());
    }

    private static BinaryWriter prefix(MinuteDelta d) {
        return new BinaryWriter(64).writeLong(d.minute()).writeString(d.tenantId()).writeString(d.productId());
    }
}
