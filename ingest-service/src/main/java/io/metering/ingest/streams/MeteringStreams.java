package io.metering.ingest.streams;

import java.time.Duration;
import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.jboss.logging.Logger;

import io.metering.ingest.kafka.KafkaSettings;
import io.metering.ingest.kafka.NativeLz4;
import io.metering.ingest.topology.DlqCounters;
import io.metering.ingest.topology.DlqReason;
import io.metering.ingest.topology.MeteringTopology;
import io.metering.ingest.topology.TopologyConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Runs the metering topology with exactly_once_v2 inside ingest-service and reports its DLQ counts
 * as {@code metering.dlq.events{reason=...}} and its input lag as {@code metering.streams.lag.records}.
 */
@ApplicationScoped
public class MeteringStreams {

    private static final Logger LOG = Logger.getLogger(MeteringStreams.class);

    private final KafkaSettings kafka;
    private final StreamsSettings settings;
    private final DlqCounters dlq = new DlqCounters();
    private KafkaStreams streams;

    @Inject
    public MeteringStreams(KafkaSettings kafka, StreamsSettings settings, MeterRegistry registry) {
        this.kafka = kafka;
        this.settings = settings;
        for (DlqReason reason : DlqReason.values()) {
            FunctionCounter.builder("metering.dlq.events", dlq, d -> d.count(reason))
                    .tag("reason", reason.header()).register(registry);
        }
        Gauge.builder("metering.streams.lag.records", this, MeteringStreams::inputLag)
                .description("Records the topology has yet to read from its input and repartition topics")
                .register(registry);
    }

    /** Sum of the main consumers' per-partition {@code records-lag}; NaN before the first assignment. */
    synchronized double inputLag() {
        if (streams == null) {
            return Double.NaN;
        }
        double lag = 0;
        boolean any = false;
        for (var entry : streams.metrics().entrySet()) {
            MetricName name = entry.getKey();
            if ("records-lag".equals(name.name()) && "consumer-fetch-manager-metrics".equals(name.group())
                    && name.tags().containsKey("partition")
                    && !name.tags().getOrDefault("client-id", "").endsWith("restore-consumer")
                    && entry.getValue().metricValue() instanceof Double value && !value.isNaN()) {
                lag += value;
                any = true;
            }
        }
        return any ? lag : Double.NaN;
    }

    public synchronized void start() {
        if (!settings.enabled() || streams != null) {
            return;
        }
        TopologyConfig config = TopologyConfig.defaults()
                .withSessionTimeout(Duration.ofSeconds(settings.sessionTimeoutSeconds()))
                .withEmitInterval(Duration.ofMillis(settings.commitIntervalMs()))
                .withBackfillEmitInterval(Duration.ofMillis(settings.backfillEmitIntervalMs()));
        NativeLz4.load();
        streams = new KafkaStreams(MeteringTopology.build(config, dlq), properties());
        streams.setUncaughtExceptionHandler(e -> {
            LOG.errorf(e, "Metering topology thread failed; replacing it");
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        LOG.infof("Metering topology started (%s, state in %s)", settings.applicationId(), settings.stateDir());
    }

    public synchronized KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.NOT_RUNNING : streams.state();
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        if (streams != null) {
            streams.close(Duration.ofSeconds(5));
            streams = null;
        }
    }

    Properties properties() {
        return properties(settings.applicationId(), kafka.bootstrapServers(), settings.stateDir(), settings.threads(),
                settings.commitIntervalMs(), kafka.replicationFactor(), settings.cacheMaxBytes());
    }

    /** The Streams configuration of the metering topology (also used by its benchmark). */
    public static Properties properties(String applicationId, String bootstrapServers, String stateDir, int threads,
            long commitIntervalMs, short replicationFactor, long cacheMaxBytes) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replicationFactor);
        // record caches absorb repeated puts of the same key between commits (seq blocks, sessions, minutes,
        // pending marks); a commit interval's working set is a few MB, a bigger cache only deepens its TreeMaps
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, cacheMaxBytes);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 5000);
        // a device-events record holds a device's events of one request (ADR 0811): 100 buffered records per
        // partition are thousands of events; the default 1000 held tens of MB that outlived young collections
        // while the topology caught up, and set off full collections (ADR 0815)
        p.put(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, 100);
        // a sessionization task reads two topics (per-event and per-device records, ADR 0811) and its result
        // does not depend on their interleaving, so it need not wait for the emptier one; the default (0)
        // also formats a log text for the empty partition before every record it processes (ADR 0824)
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 10);
        // changelogs, the repartition topic and the outputs stay uncompressed: on a CPU-bound host the lz4
        // work (producer, broker validation, every consumer) costs more than the bytes it saves (ADR 0804)
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "none");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        return p;
    }
}
