package io.metering.ingest.streams;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The metering topology's Kafka Streams instance. */
@ConfigMapping(prefix = "metering.streams")
public interface StreamsSettings {

    /** Default of {@link #cacheMaxBytes()}: 16 MB. */
    String DEFAULT_CACHE_MAX_BYTES = "16777216";

    /** Turn the topology off in this instance (e.g. an ingest-only deployment). */
    @WithDefault("true")
    boolean enabled();

    /** Streams application id: instances with the same id share the work. */
    @WithDefault("metering-topology")
    String applicationId();

    /** Local state (RocksDB); restored from changelogs when lost. */
    @WithDefault("${java.io.tmpdir}/metering-streams")
    String stateDir();

    /**
     * Stream threads of this instance: one by default, as each thread adds its own exactly-once
     * transactions and producer; more only where the instance has cores of its own to spare; threads
     * beyond the usage topic's partitions (4 in the local stack) get no task (ADR 0822).
     */
    @WithDefault("1")
    int threads();

    /** How often transactions commit (exactly_once_v2): bounds the freshness of the output. */
    @WithDefault("200")
    long commitIntervalMs();

    /**
     * Bytes of record cache shared by the stream threads: absorbs repeated writes of the same key
     * between commits (seq blocks, sessions, minutes, pending marks).
     */
    @WithDefault(DEFAULT_CACHE_MAX_BYTES)
    long cacheMaxBytes();

    /**
     * How often changed minutes that are not live (older than 10 minutes: late data, replays) are
     * emitted; live minutes follow the commit interval (ADR 0807).
     */
    @WithDefault("2000")
    long backfillEmitIntervalMs();

    /** A session without EXIT closes after this many seconds without events (3 heartbeat intervals). */
    @WithDefault("180")
    long sessionTimeoutSeconds();
}
