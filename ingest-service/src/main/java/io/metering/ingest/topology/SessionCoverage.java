package io.metering.ingest.topology;

/**
 * The UTC minutes a session counts in, for one product and one user identity: every minute
 * {@code m} with {@code start < m + 60 s} and {@code end > m}, and for a zero-length session the
 * minute containing its start. Always a contiguous range.
 * <p>
 * Immutable and thread-safe.
 *
 * @param productId   the product the session counts for
 * @param user        the identity it counts as for distinct users
 * @param firstMinute start of the first minute covered
 * @param lastMinute  start of the last minute covered, {@code >= firstMinute}
 */
record SessionCoverage(String productId, UserIdentity user, long firstMinute, long lastMinute) {

    /** The coverage of the half-open interval [start, end); {@code end <= start} is zero-length. */
    static SessionCoverage of(String productId, UserIdentity user, long start, long end) {
        long first = Minutes.floor(start);
        long last = end > start ? Minutes.floor(end - 1) : first;
        return new SessionCoverage(productId, user, first, last);
    }

    boolean sameCounting(SessionCoverage other) {
        return productId.equals(other.productId) && user.equals(other.user);
    }
}
