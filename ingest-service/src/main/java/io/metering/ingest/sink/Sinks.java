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

/**
 * Starts the {@link TopicSink} threads ({@link SinkSettings#eventThreads()} for the raw events, one
 * each for sessions and consumption) and stops them on shutdown.
 */
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
        List<SinkWriter> writers = new ArrayList<>();
        for (int i = 0; i < Math.max(1, settings.eventThreads()); i++) {
            writers.add(new UsageEventWriter());
        }
        writers.add(new SessionWriter());
        writers.add(new ConsumptionWriter());
        int n = 0;
        for (SinkWriter writer : writers) {
            String name = "sink-" + writer.topic() + "-" + n++;
            TopicSink sink = new TopicSink(writer, dataSource, kafka.bootstrapServers(), settings, name);
            Thread thread = new Thread(sink, name);
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
