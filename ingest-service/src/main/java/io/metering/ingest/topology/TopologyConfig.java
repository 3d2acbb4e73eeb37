package io.metering.ingest.topology;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the metering topology; {@link #defaults()} gives the values of DESIGN.md section 5.
 * <p>
 * Immutable and thread-safe.
 *
 * @param lateHorizon          events whose received time is more than this after {@code occurredAt}
 *                             go to the DLQ as {@code too_late} (31 days)
 * @param futureTolerance      events whose {@code occurredAt} is more than this after the received
 *                             time go to the DLQ as {@code future} (5 minutes)
 * @param sessionTimeout       a session without EXIT closes once no event came for this long,
 *                             measured on the wall clock against the received time of its last
 *                             event (3 heartbeat intervals = 180 s)
 * @param timeoutCheckInterval how often the wall-clock punctuator looks for timed-out sessions
 * @param stateRetention       how long deduplication, session and minute state is kept, in stream
 *                             time; must exceed {@code lateHorizon} (32 days)
 * @param purgeInterval        how often the wall-clock punctuators drop state older than
 *                             {@code stateRetention}
 * @param inMemoryStores       in-memory instead of RocksDB stores (tests); changelogs either way
 * @param cachingEnabled       record caches in front of the stores with hot keys (fewer changelog writes)
 * @param emitInterval         how often (wall clock) changed sessions and minutes are emitted: each
 *                             changed key once per interval with its latest value instead of once
 *                             per event; align it with the commit interval (ADR 0801)
 * @param backfillEmitInterval how often changed minutes that are not live (older than
 *                             {@link #LIVE_MINUTES} on the wall clock: late data, replays) are
 *                             emitted; a replay changes such a minute in many intervals, so
 *                             emitting it less often saves most output, sink and database work
 *                             while live minutes keep their freshness (ADR 0807)
 */
public record TopologyConfig(
        Duration lateHorizon,
        Duration futureTolerance,
        Duration sessionTimeout,
        Duration timeoutCheckInterval,
        Duration stateRetention,
        Duration purgeInterval,
        boolean inMemoryStores,
        boolean cachingEnabled,
        Duration emitInterval,
        Duration backfillEmitInterval) {

    /** Default emit interval: the default commit interval of the metering streams (200 ms). */
    public static final Duration DEFAULT_EMIT_INTERVAL = Duration.ofMillis(200);
    /** Default emit interval of minutes that are not live. */
    public static final Duration DEFAULT_BACKFILL_EMIT_INTERVAL = Duration.ofSeconds(2);
    /** Minutes that started at most this long before the wall clock (or later) are live. */
    public static final Duration LIVE_MINUTES = Duration.ofMinutes(10);

    /** The settings with the {@link #DEFAULT_BACKFILL_EMIT_INTERVAL}. */
    public TopologyConfig(Duration lateHorizon, Duration futureTolerance, Duration sessionTimeout,
            Duration timeoutCheckInterval, Duration stateRetention, Duration purgeInterval,
            boolean inMemoryStores, boolean cachingEnabled, Duration emitInterval) {
        this(lateHorizon, futureTolerance, sessionTimeout, timeoutCheckInterval, stateRetention, purgeInterval,
                inMemoryStores, cachingEnabled, emitInterval, DEFAULT_BACKFILL_EMIT_INTERVAL);
    }

    /** The settings with the {@link #DEFAULT_EMIT_INTERVAL}. */
    public TopologyConfig(Duration lateHorizon, Duration futureTolerance, Duration sessionTimeout,
            Duration timeoutCheckInterval, Duration stateRetention, Duration purgeInterval,
            boolean inMemoryStores, boolean cachingEnabled) {
        this(lateHorizon, futureTolerance, sessionTimeout, timeoutCheckInterval, stateRetention, purgeInterval,
                inMemoryStores, cachingEnabled, DEFAULT_EMIT_INTERVAL);
    }

    public TopologyConfig {
        Objects.requireNonNull(lateHorizon, "lateHorizon");
        Objects.requireNonNull(futureTolerance, "futureTolerance");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(timeoutCheckInterval, "timeoutCheckInterval");
        Objects.requireNonNull(stateRetention, "stateRetention");
        Objects.requireNonNull(purgeInterval, "purgeInterval");
        Objects.requireNonNull(emitInterval, "emitInterval");
        Objects.requireNonNull(backfillEmitInterval, "backfillEmitInterval");
        requirePositive(emitInterval, "emitInterval");
        requirePositive(backfillEmitInterval, "backfillEmitInterval");
        requirePositive(sessionTimeout, "sessionTimeout");
        requirePositive(timeoutCheckInterval, "timeoutCheckInterval");
        requirePositive(purgeInterval, "purgeInterval");
        if (futureTolerance.isNegative()) {
            throw new IllegalArgumentException("futureTolerance must not be negative");
        }
        if (stateRetention.compareTo(lateHorizon.plus(futureTolerance)) <= 0) {
            throw new IllegalArgumentException("stateRetention must exceed lateHorizon + futureTolerance");
        }
    }

    /** 31 days late horizon, 5 min future tolerance, 180 s timeout, 32 days retention, RocksDB. */
    public static TopologyConfig defaults() {
        return new TopologyConfig(Duration.ofDays(31), Duration.ofMinutes(5), Duration.ofSeconds(180),
                Duration.ofSeconds(10), Duration.ofDays(32), Duration.ofHours(1), false, true);
    }

    public TopologyConfig withInMemoryStores(boolean inMemory) {
        return new TopologyConfig(lateHorizon, futureTolerance, sessionTimeout, timeoutCheckInterval,
                stateRetention, purgeInterval, inMemory, cachingEnabled, emitInterval, backfillEmitInterval);
    }

    public TopologyConfig withSessionTimeout(Duration timeout) {
        return new TopologyConfig(lateHorizon, futureTolerance, timeout, timeoutCheckInterval,
                stateRetention, purgeInterval, inMemoryStores, cachingEnabled, emitInterval, backfillEmitInterval);
    }

    public TopologyConfig withLateHorizon(Duration horizon, Duration retention) {
        return new TopologyConfig(horizon, futureTolerance, sessionTimeout, timeoutCheckInterval,
                retention, purgeInterval, inMemoryStores, cachingEnabled, emitInterval, backfillEmitInterval);
    }

    public TopologyConfig withEmitInterval(Duration interval) {
        return new TopologyConfig(lateHorizon, futureTolerance, sessionTimeout, timeoutCheckInterval,
                stateRetention, purgeInterval, inMemoryStores, cachingEnabled, interval, backfillEmitInterval);
    }

    public TopologyConfig withBackfillEmitInterval(Duration interval) {
        return new TopologyConfig(lateHorizon, futureTolerance, sessionTimeout, timeoutCheckInterval,
                stateRetention, purgeInterval, inMemoryStores, cachingEnabled, emitInterval, interval);
    }

    private static void requirePositive(Duration value, String name) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
