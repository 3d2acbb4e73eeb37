package io.metering.ingest.topology;

import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of consumption minutes: the output key {@code tenant/product/<minute epoch millis>}, and the
 * byte-ordered state store keys {@code [minute or hour: 8 bytes big-endian][tenant][product][suffix]} with
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
        return Bytes.wrap(prefix(d.minute(), d.tenantId(), d.productId()).toByteArray());
    }

    /**
     * The key of a user's session counts in one hour, {@code [hour][tenant][product][user]}: in the
     * same byte order as the minute keys, so the hours before a cutoff are one key range too.
     */
    static Bytes userHourKey(long hour, String tenantId, String productId, UserIdentity user) {
        BinaryWriter w = prefix(hour, tenantId, productId);
        user.writeTo(w);
        return Bytes.wrap(w.toByteArray());
    }

    /** The smallest key of the minute (or hour) {@code time}: every key of an earlier one sorts before it. */
    static Bytes firstKeyOf(long time) {
        return Bytes.wrap(new BinaryWriter(8).writeLong(time).toByteArray());
    }

    private static BinaryWriter prefix(long time, String tenantId, String productId) {
        return new BinaryWriter(64).writeLong(time).writeString(tenantId).writeString(productId);
    }
}
