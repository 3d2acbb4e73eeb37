package io.metering.ingest.topology;

/**
 * One change to one consumption minute, sent from sessionization to minute aggregation through
 * the repartition topic keyed {@link #key()} = {@code tenant/product/minute}: a session of
 * {@code user} starts ({@code sessions = 1}) or stops ({@code -1}) counting in the minute, and/or
 * events add launches and active seconds to it. Counts, not memberships: exactly-once processing
 * makes each session's start and stop in a minute arrive exactly once (ADR 0805).
 * <p>
 * Immutable and thread-safe.
 *
 * @param tenantId      tenant
 * @param productId     product
 * @param minute        start of the UTC minute, epoch millis
 * @param sessions      +1, -1 or 0: the change of the sessions counting in the minute
 * @param user          identity the session counts as; null when {@code sessions} is 0
 * @param launches      LAUNCH events that occurred in the minute
 * @param activeSeconds active seconds of events that occurred in the minute
 */
record MinuteDelta(String tenantId, String productId, long minute, int sessions, UserIdentity user,
        int launches, long activeSeconds) {

    MinuteDelta {
        if (sessions < -1 || sessions > 1 || (sessions == 0) != (user == null)) {
            throw new IllegalArgumentException("sessions must be -1, 0 or 1, with a user unless 0");
        }
    }

    static MinuteDelta counting(String tenantId, String productId, long minute, int sessions, UserIdentity user) {
        return new MinuteDelta(tenantId, productId, minute, sessions, user, 0, 0);
    }

    static MinuteDelta contribution(String tenantId, String productId, long minute, int launches, long activeSeconds) {
        return new MinuteDelta(tenantId, productId, minute, 0, null, launches, activeSeconds);
    }

    MinuteDelta plus(int moreLaunches, long moreActiveSeconds) {
        return new MinuteDelta(tenantId, productId, minute, sessions, user,
                launches + moreLaunches, activeSeconds + moreActiveSeconds);
    }

    /** The key of the minute in the repartition and output topics. */
    String key() {
        return ConsumptionKeys.outputKey(tenantId, productId, minute);
    }
}
