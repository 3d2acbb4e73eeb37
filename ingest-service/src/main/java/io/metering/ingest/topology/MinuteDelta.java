package io.metering.ingest.topology;

/**
 * One change to one consumption minute, sent from sessionization to minute aggregation: sessions
 * of {@code user} start (positive {@code sessions}) or stop (negative) counting in the minute,
 * and/or events add launches and active seconds to it. Counts, not memberships: exactly-once
 * processing makes each session's start and stop in a minute arrive exactly once (ADR 0805).
 * Deltas travel in batches of one tenant, product and hour ({@link MinuteDeltaBatch}, ADR 0808).
 * <p>
 * Immutable and thread-safe.
 *
 * @param tenantId      tenant
 * @param productId     product
 * @param minute        start of the UTC minute, epoch millis
 * @param sessions      the change of the sessions counting in the minute as {@code user}
 * @param user          identity the sessions count as; null exactly when {@code sessions} is 0
 * @param launches      LAUNCH events that occurred in the minute
 * @param activeSeconds active seconds of events that occurred in the minute
 */
record MinuteDelta(String tenantId, String productId, long minute, int sessions, UserIdentity user,
        int launches, long activeSeconds) {

    MinuteDelta {
        if ((sessions == 0) != (user == null)) {
            throw new IllegalArgumentException("a delta names a user exactly when sessions change");
        }
    }

    static MinuteDelta counting(String tenantId, String productId, long minute, int sessions, UserIdentity user) {
        return new MinuteDelta(tenantId, productId, minute, sessions, user, 0, 0);
    }

    static MinuteDelta contribution(String tenantId, String productId, long minute, int launches, long activeSeconds) {
        return new MinuteDelta(tenantId, productId, minute, 0, null, launches, activeSeconds);
    }

    boolean isEmpty() {
        return sessions == 0 && launches == 0 && activeSeconds == 0;
    }
}
