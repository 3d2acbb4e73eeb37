package io.metering.ingest.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What ingest accepts in one batch and one event. */
@ConfigMapping(prefix = "metering.ingest")
public interface EventLimits {

    /** Most events in one batch (JSON or Avro). */
    @WithDefault("10000")
    int maxEventsPerBatch();

    /** How far in the future (by the server's clock) an event may lie, in seconds. */
    @WithDefault("300")
    long maxFutureSeconds();

    /** Largest activeSeconds or idleSeconds of one event: 31 days. */
    @WithDefault("2678400")
    int maxSecondsPerEvent();
}
