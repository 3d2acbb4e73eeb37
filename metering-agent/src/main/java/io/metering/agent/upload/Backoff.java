package io.metering.agent.upload;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the n-th wait is uniform in [0, min(cap, base * 2^n)).
 * Not thread-safe: the upload thread owns it.
 */
public final class Backoff {

    private final Duration base;
    private final Duration cap;
    private final RandomGenerator random;
    private int attempts;

    public Backoff(Duration base, Duration cap, RandomGenerator random) {
        this.base = base;
        this.cap = cap;
        this.random = random;
    }

    public static Backoff standard(RandomGenerator random) {
        return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), random);
    }

    public Duration next() {
        long ceiling = ceilingMillis(attempts);
        attempts = Math.min(attempts + 1, 62);
        return Duration.ofMillis((long) (random.nextDouble() * ceiling));
    }

    /** The upper bound of the wait after {@code attempt} failures (0-based). */
    long ceilingMillis(int attempt) {
        long baseMillis = base.toMillis();
        long capMillis = cap.toMillis();
        if (attempt >= 40 || baseMillis << attempt >= capMillis || baseMillis << attempt <= 0) {
            return capMillis;
        }
        return baseMillis << attempt;
    }

    public void reset() {
        attempts = 0;
    }

    public int attempts() {
        return attempts;
    }
}
