package io.metering.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Tunables of the running agent. Each has a default, can be set in {@code agent.properties} in the
 * data directory, and can be overridden by a command-line flag of the same name
 * ({@code --poll-interval 5}).
 *
 * @param pollInterval     how often the process table is read ({@code poll-interval}, seconds, default 2)
 * @param heartbeat        time between heartbeats of a session ({@code heartbeat}, seconds, default 60)
 * @param spoolMaxBytes    spool bound; oldest segments are evicted beyond it ({@code spool-max-mb}, default 256)
 * @param segmentBytes     size at which a spool segment is closed ({@code segment-mb}, default 4)
 * @param catalogRefresh   how often the catalog is fetched ({@code catalog-refresh}, seconds, default 300)
 * @param maxBatchEvents   events per upload batch ({@code batch-events}, default 1000, at most 1000)
 * @param maxBatchBytes    encoded bytes of events per batch ({@code batch-kb}, default 1024, at most 1024)
 * @param offlineGrace     how long after the lease server's last answer seats of enforced products are still
 *                         granted locally ({@code offline-grace}, seconds, default 900); beyond it the cached
 *                         policy applies as if no seat were free
 * @param killGrace        time a denied process gets between SIGTERM and a forced end ({@code kill-grace},
 *                         seconds, default 10)
 */
public record AgentSettings(Duration pollInterval, Duration heartbeat, long spoolMaxBytes, long segmentBytes,
                            Duration catalogRefresh, int maxBatchEvents, int maxBatchBytes, Duration offlineGrace,
                            Duration killGrace) {

    public static final int MAX_BATCH_EVENTS = 1000;
    public static final int MAX_BATCH_BYTES = 1024 * 1024;

    public AgentSettings {
        require(!pollInterval.isNegative() && !pollInterval.isZero(), "poll-interval must be positive");
        require(heartbeat.compareTo(pollInterval) >= 0, "heartbeat must not be shorter than poll-interval");
        require(segmentBytes >= 4096, "segment-mb too small");
        require(spoolMaxBytes >= 2 * segmentBytes, "spool-max-mb must hold at least two segments");
        require(maxBatchEvents >= 1 && maxBatchEvents <= MAX_BATCH_EVENTS, "batch-events must be 1..1000");
        require(maxBatchBytes >= 1024 && maxBatchBytes <= MAX_BATCH_BYTES, "batch-kb must be 1..1024");
        require(!offlineGrace.isNegative(), "offline-grace must not be negative");
        require(!killGrace.isNegative(), "kill-grace must not be negative");
    }

    public static AgentSettings defaults() {
        return new AgentSettings(Duration.ofSeconds(2), Duration.ofSeconds(60), 256L << 20, 4L << 20,
                Duration.ofMinutes(5), MAX_BATCH_EVENTS, MAX_BATCH_BYTES, Duration.ofMinutes(15), Duration.ofSeconds(10));
    }

    /** Defaults, then {@code file} if it exists, then {@code overrides} (flag name without dashes to value). */
    public static AgentSettings load(Path file, Map<String, String> overrides) throws IOException {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
        }
        overrides.forEach(properties::setProperty);
        AgentSettings d = defaults();
        return new AgentSettings(
                Duration.ofMillis((long) (number(properties, "poll-interval", 2) * 1000)),
                Duration.ofMillis((long) (number(properties, "heartbeat", 60) * 1000)),
                (long) (number(properties, "spool-max-mb", 256) * (1 << 20)),
                (long) (number(properties, "segment-mb", 4) * (1 << 20)),
                Duration.ofSeconds((long) number(properties, "catalog-refresh", d.catalogRefresh.toSeconds())),
                (int) number(properties, "batch-events", d.maxBatchEvents),
                (int) (number(properties, "batch-kb", 1024) * 1024),
                Duration.ofSeconds((long) number(properties, "offline-grace", d.offlineGrace.toSeconds())),
                Duration.ofSeconds((long) number(properties, "kill-grace", d.killGrace.toSeconds())));
    }

    private static double number(Properties properties, String key, double fallback) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a number: " + value);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
