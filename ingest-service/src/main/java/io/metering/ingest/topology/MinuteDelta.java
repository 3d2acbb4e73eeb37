package io.metering.ingest.topology;

/**
 * One change to one consumption minute, sent from sessionization to minute aggregation through
 * the repartition topic keyed {@link #key()} = {@code tenant/product/minute}: a session starts or
 * stops counting in the minute, and/or an event adds launches and active seconds to it.
 * <p>
 * Immutable and thread-safe.
 *
 * @param tenantId      tenant
 * @param productId     product
 * @param minute        start of the UTC minute, epoch millis
 * @param op            what happens to the session's membership of the minute
 * @param sessionKey    {@code tenant/device/session}; null when {@code op} is NONE
 * @param user          identity the session counts as; null unless {@code op} is ADD
 * @param launches      LAUNCH events that occurred in the minute
 * @param activeSeconds active seconds of events that occurred in the minute
 */
record MinuteDelta(String tenantId, String productId, long minute, Op op, String sessionKey,
        UserIdentity user, int launches, long activeSeconds) {

    /** Membership change carried by a delta. */
    enum Op { NONE, ADD, REMOVE }

    static MinuteDelta membership(String tenantId, String productId, long minute, Op op,
            String sessionKey, UserIdentity user) {
        return new MinuteDelta(tenantId, productId, minute, op, sessionKey, op == Op.ADD ? user : null, 0, 0);
    }

    static MinuteDelta contribution(String tenantId, String productId, long minute, int launches, long activeSeconds) {
        return new MinuteDelta(tenantId, productId, minute, Op.NONE, null, null, launches, activeSeconds);
    }

    MinuteDelta plus(int moreLaunches, long moreActiveSeconds) {
        return new MinuteDelta(tenantId, productId, minute, op, sessionKey, user,
                launches + moreLaunches, activeSeconds + moreActiveSeconds);
    }

    /** The key of the minute in the repartition and output topics. */
    String key() {
        return ConsumptionKeys.outputKey(tenantId, productId, minute);
    }
}
