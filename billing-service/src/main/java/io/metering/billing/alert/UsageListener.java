package io.metering.billing.alert;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.metering.schemas.Codecs;
import io.metering.schemas.ConsumptionMinute;
import io.metering.schemas.InvalidMessageException;
import io.metering.schemas.Session;
import io.metering.schemas.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Reads the metering topology's output (consumption minutes and sessions, read_committed, its own
 * consumer group) and tells {@link CapEvaluator} which products had usage when. It only marks; the
 * evaluator decides. Offsets are committed automatically: a record lost in a crash is covered by the
 * evaluator's periodic sweep. One thread per instance.
 */
@ApplicationScoped
public class UsageListener {

    private static final Logger LOG = Logger.getLogger(UsageListener.class);

    private final CapEvaluator evaluator;
    private final AlertSettings settings;
    private final String bootstrapServers;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;
    private Thread thread;

    @Inject
    public UsageListener(CapEvaluator evaluator, AlertSettings settings,
                         @ConfigProperty(name = "metering.kafka.bootstrap-servers") String bootstrapServers) {
        this.evaluator = evaluator;
        this.settings = settings;
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent event) {
        if (!settings.enabled()) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "usage-listener");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(10_000);
        }
    }

    private void run() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.consumerGroup());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.autoOffsetReset());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "billing-usage-listener");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            c.subscribe(List.of(Topics.CONSUMPTION, Topics.SESSIONS));
            while (running) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> r : records) {
                    mark(r);
                }
            }
        } catch (WakeupException e) {
            // shutting down
        } catch (RuntimeException e) {
            LOG.errorf(e, "The usage listener stopped; alerts now come only from the periodic sweep");
        }
    }

    private void mark(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            return;
        }
        try {
            if (Topics.CONSUMPTION.equals(r.topic())) {
                ConsumptionMinute m = Codecs.CONSUMPTION_MINUTE.decode(r.value());
                evaluator.touch(m.getTenantId(), m.getProductId(), m.getMinute(), r.timestamp());
            } else {
                Session s = Codecs.SESSION.decode(r.value());
                evaluator.touch(s.getTenantId(), s.getProductId(), s.getStartedAt(), r.timestamp());
                evaluator.touch(s.getTenantId(), s.getProductId(), s.getEndedAt());
            }
        } catch (InvalidMessageException e) {
            LOG.debugf("Skipped an undecodable record on %s: %s", r.topic(), e.getMessage());
        }
    }
}
