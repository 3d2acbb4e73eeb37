package io.metering.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.metering.ingest.kafka.KafkaSettings;
import io.metering.ingest.kafka.TopicsInitializer;
import io.metering.ingest.sink.Sinks;
import io.metering.ingest.streams.MeteringStreams;
import io.quarkus.runtime.StartupEvent;

/** Order of start: topics exist, then the metering topology runs, then the sinks copy its output. */
@ApplicationScoped
public class Startup {

    private final KafkaSettings kafka;
    private final MeteringStreams streams;
    private final Sinks sinks;

    @Inject
    public Startup(KafkaSettings kafka, MeteringStreams streams, Sinks sinks) {
        this.kafka = kafka;
        this.streams = streams;
        this.sinks = sinks;
    }

    void onStart(@Observes StartupEvent event) {
        TopicsInitializer.ensureTopics(kafka);
        streams.start();
        sinks.start();
    }
}
