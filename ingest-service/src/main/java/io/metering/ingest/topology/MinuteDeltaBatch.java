package io.metering.ingest.topology;

import java.util.List;

/**
 * The minute deltas of one tenant, product and UTC hour that one emission of sessionization sends
 * to minute aggregation as one record (ADR 0808), keyed {@link #key()}: every minute of an hour is
 * aggregated by the same task. Deltas are merged, at most one per minute and user and one per
 * minute without a user, in minute order.
 * <p>
 * Immutable and thread-safe.
 *
 * @param tenantId  tenant
 * @param productId product
 * @param hour      start of the UTC hour, epoch millis
 * @param deltas    deltas of minutes within the hour, of this tenant and product
 */
record MinuteDeltaBatch(String tenantId, String productId, long hour, List<MinuteDelta> deltas) {

    MinuteDeltaBatch {
        deltas = List.copyOf(deltas);
        for (MinuteDelta d : deltas) {
            if (d.minute() < hour || d.minute() >= hour + Minutes.HOUR_MS || !d.tenantId().equals(tenantId)
                    || !d.productId().equals(productId)) {
                throw new IllegalArgumentException("delta " + d + " is not of " + tenantId + "/" + productId + " in hour " + hour);
            }
        }
    }

    /** The key of the batch in the repartition topic. */
    String key() {
        return tenantId + "/" + productId + "/h" + hour;
    }
}
