package io.metering.billing.entitlement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.metering.schemas.Topics;
import io.quarkus.scheduler.Scheduled;

/**
 * Drains {@code entitlement_outbox} to the compacted topic {@link Topics#ENTITLEMENTS} (key
 * {@code tenant/entitlement}) with an idempotent producer: after each committed change, and every few
 * seconds for anything left by a failure. One instance drains at a time (a PostgreSQL advisory lock), so
 * the changes of an entitlement reach the topic in commit order. Thread-safe.
 */
@ApplicationScoped
public class EntitlementPublisher {

    private static final Logger LOG = Logger.getLogger(EntitlementPublisher.class);
    private static final long DRAIN_LOCK = 0x454e544c4f42L; // "ENTLOB"
    private static final int BATCH = 500;

    private final DataSource dataSource;
    private final String bootstrapServers;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "entitlement-publisher");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile KafkaProducer<String, byte[]> producer;

    @Inject
    public EntitlementPublisher(DataSource dataSource,
                                @ConfigProperty(name = "metering.kafka.bootstrap-servers") String bootstrapServers) {
        this.dataSource = dataSource;
        this.bootstrapServers = bootstrapServers;
    }

    /** Asks for a drain soon, without waiting for Kafka; repeated requests coalesce. */
    public void publishSoon() {
        if (scheduled.compareAndSet(false, true)) {
            executor.execute(() -> {
                scheduled.set(false);
                drainQuietly();
            });
        }
    }

    @Scheduled(every = "${metering.entitlements.outbox-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void drainLeftovers() {
        publishSoon();
    }

    private void drainQuietly() {
        try {
            while (drain() == BATCH) {
                // more waiting
            }
        } catch (Exception e) {
            LOG.warnf("Entitlement changes stay queued for the next attempt: %s", e.toString());
        }
    }

    /** Publishes up to one batch; returns how many records it published. */
    int drain() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!tryLock(c)) {
                    c.rollback();
                    return 0;
                }
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                long last = -1;
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT seq, tenant_id, entitlement_id, payload FROM entitlement_outbox ORDER BY seq LIMIT " + BATCH);
                     ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        last = rs.getLong(1);
                        sent.add(producer().send(new ProducerRecord<>(Topics.ENTITLEMENTS,
                                rs.getString(2) + "/" + rs.getString(3), rs.getBytes(4))));
                    }
                }
                for (Future<RecordMetadata> f : sent) {
                    f.get(30, TimeUnit.SECONDS);
                }
                if (last >= 0) {
                    try (PreparedStatement s = c.prepareStatement("DELETE FROM entitlement_outbox WHERE seq <= ?")) {
                        s.setLong(1, last);
                        s.executeUpdate();
                    }
                }
                c.commit();
                return sent.size();
            } catch (Exception e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            s.setLong(1, DRAIN_LOCK);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(producerConfig(bootstrapServers, "billing-entitlements"),
                            new StringSerializer(), new ByteArraySerializer());
                }
                p = producer;
            }
        }
        return p;
    }

    /** An idempotent, fully acknowledged producer. */
    public static Properties producerConfig(String bootstrapServers, String clientId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return props;
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
        KafkaProducer<String, byte[]> p = producer;
        if (p != null) {
            p.close(java.time.Duration.ofSeconds(5));
        }
    }
}
