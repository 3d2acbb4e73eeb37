package io.metering.ingest.sink;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The sinks that copy topics into the database. */
@ConfigMapping(prefix = "metering.sink")
public interface SinkSettings {

    /** Turn the sinks off (e.g. in a scaled-out deployment that runs them elsewhere). */
    @WithDefault("true")
    boolean enabled();

    /** Consumer group of the sinks. */
    @WithDefault("metering-sink")
    String groupId();

    /** Most records written in one transaction. */
    @WithDefault("20000")
    int maxPollRecords();

    /**
     * Consumer threads of the raw-event sink (same consumer group: they share the topic's partitions);
     * the session and consumption sinks carry far fewer records and have one each.
     */
    @WithDefault("2")
    int eventThreads();
}
