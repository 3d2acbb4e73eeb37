package io.metering.ingest.topology;

/** UTC minute and hour arithmetic on epoch milliseconds. */
final class Minutes {

    static final long MINUTE_MS = 60_000L;
    static final long HOUR_MS = 60 * MINUTE_MS;

    private Minutes() {
    }

    /** Start of the UTC minute containing {@code epochMillis}. */
    static long floor(long epochMillis) {
        return Math.floorDiv(epochMillis, MINUTE_MS) * MINUTE_MS;
    }

    /** The minute of its UTC hour (0-59) of the minute starting at {@code minute}. */
    static int minuteOfHour(long minute) {
        return (int) ((minute - hourFloor(minute)) / MINUTE_MS);
    }

    /** Start of the UTC hour containing {@code epochMillis}. */
    static long hourFloor(long epochMillis) {
        return Math.floorDiv(epochMillis, HOUR_MS) * HOUR_MS;
    }
}
