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

    /** Most records of sessions or consumption written in one transaction. */
    @WithDefault("20000")
    int maxPollRecords();

    /**
     * Most records of the raw-event topics written in one transaction. A record of
     * {@code metering.device-events.v1} holds one device's events of one request (tens to thousands,
     * ADR 0811), so this bounds a transaction to roughly 100,000 typical events.
     */
    @WithDefault("1000")
    int eventMaxPollRecords();

    /**
     * Consumer threads of the raw-event sink (same consumer group: they share the topic's partitions);
     * the session and consumption sinks carry far fewer records and have one each.
     */
    @WithDefault("2")
    int eventThreads();
}
