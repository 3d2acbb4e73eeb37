package io.metering.ingest.ratelimit;

/**
 * A token bucket: {@code ratePerSecond} tokens flow in, at most {@code burst} are kept.
 * Thread-safe (synchronized; one bucket is contended only by one device's or tenant's requests).
 */
final class TokenBucket {

    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long lastRefill;

    TokenBucket(double ratePerSecond, double burst, long now) {
        this.ratePerNano = ratePerSecond / 1_000_000_000d;
        this.burst = burst;
        this.tokens = burst;
        this.lastRefill = now;
    }

    /** Takes {@code n} tokens and returns 0, or returns the nanoseconds until they would be there. */
    synchronized long tryTake(double n, long now) {
        tokens = Math.min(burst, tokens + (now - lastRefill) * ratePerNano);
        lastRefill = now;
        if (tokens >= n || (n > burst && tokens >= burst)) {
            tokens -= Math.min(n, tokens);
            return 0;
        }
        return (long) Math.ceil((n - tokens) / ratePerNano);
    }

    synchronized boolean isFull(long now) {
        return Math.min(burst, tokens + (now - lastRefill) * ratePerNano) >= burst;
    }
}
