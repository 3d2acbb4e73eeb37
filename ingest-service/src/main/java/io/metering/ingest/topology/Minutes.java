package io.metering.ingest.topology;

/** UTC minute arithmetic on epoch milliseconds. */
final class Minutes {

    static final long MINUTE_MS = 60_000L;

    private Minutes() {
    }

    /** Start of the UTC minute containing {@code epochMillis}. */
    static long floor(long epochMillis) {
        return Math.floorDiv(epochMillis, MINUTE_MS) * MINUTE_MS;
    }
}
