package io.metering.ingest.sink;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.metering.ingest.kafka.KafkaSettings;
import io.quarkus.runtime.ShutdownEvent;

/** Starts one {@link TopicSink} thread per stored topic and stops them on shutdown. */
@ApplicationScoped
public class Sinks {

    private static final Logger LOG = Logger.getLogger(Sinks.class);

    private final DataSource dataSource;
    private final KafkaSettings kafka;
    private final SinkSettings settings;
    private final List<TopicSink> running = new ArrayList<>();

    @Inject
    public Sinks(DataSource dataSource, KafkaSettings kafka, SinkSettings settings) {
        this.dataSource = dataSource;
        this.kafka = kafka;
        this.settings = settings;
    }

    public synchronized void start() {
        if (!settings.enabled() || !running.isEmpty()) {
            return;
        }
        for (SinkWriter writer : List.of(new UsageEventWriter(), new SessionWriter(), new ConsumptionWriter())) {
            TopicSink sink = new TopicSink(writer, dataSource, kafka.bootstrapServers(), settings);
            Thread thread = new Thread(sink, "sink-" + writer.topic());
            thread.setDaemon(true);
            thread.start();
            running.add(sink);
        }
        LOG.infof("Started %d sinks", running.size());
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        running.forEach(TopicSink::stop);
        running.clear();
    }
}
