package io.metering.billing.alert;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.metering.billing.audit.Transactions;
import io.metering.billing.entitlement.EntitlementPublisher;
import io.metering.schemas.Codecs;
import io.metering.schemas.LicenseAlert;
import io.metering.schemas.Topics;
import io.quarkus.scheduler.Scheduled;

/**
 * Publishes stored alerts to {@link Topics#LICENSE_ALERTS} (key {@code tenant/entitlement}) and marks
 * them published once Kafka acknowledged; a periodic pass republishes what a failure left behind, so an
 * alert reaches the topic at least once. Thread-safe.
 */
@ApplicationScoped
public class AlertPublisher {

    private static final Logger LOG = Logger.getLogger(AlertPublisher.class);

    private final Transactions transactions;
    private final AlertRepository alerts;
    private final AlertSettings settings;
    private final String bootstrapServers;
    private volatile KafkaProducer<String, byte[]> producer;

    @Inject
    public AlertPublisher(Transactions transactions, AlertRepository alerts, AlertSettings settings,
                          @ConfigProperty(name = "metering.kafka.bootstrap-servers") String bootstrapServers) {
        this.transactions = transactions;
        this.alerts = alerts;
        this.settings = settings;
        this.bootstrapServers = bootstrapServers;
    }

    /** Sends without waiting; the acknowledgement marks the alert published. */
    public void publish(String tenant, Alert a) {
        LicenseAlert record = LicenseAlert.newBuilder()
                .setAlertId(a.id()).setTenantId(tenant).setEntitlementId(a.entitlement()).setProductId(a.product())
                .setMetric(a.metric()).setPeriod(a.period()).setThreshold(a.threshold().doubleValue())
                .setConsumed(a.consumed().doubleValue()).setQuantity(a.quantity().doubleValue()).setFiredAt(a.at())
                .build();
        producer().send(new ProducerRecord<>(Topics.LICENSE_ALERTS, tenant + "/" + a.entitlement(),
                Codecs.LICENSE_ALERT.encode(record)), (metadata, error) -> {
                    if (error != null) {
                        LOG.warnf("Alert %s is not on the topic yet (retried later): %s", a.id(), error.toString());
                        return;
                    }
                    try {
                        transactions.inTransaction(c -> {
                            alerts.markPublished(c, tenant, a.id());
                            return null;
                        });
                    } catch (SQLException e) {
                        LOG.warnf("Alert %s was published but not marked (it may be published again): %s", a.id(), e);
                    }
                });
    }

    @Scheduled(every = "${metering.alerts.republish-after:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void republishLeftovers() {
        try {
            List<AlertRepository.TenantAlert> left = transactions.inTransaction(
                    c -> alerts.unpublished(c, Instant.now().minus(settings.republishAfter())));
            left.forEach(t -> publish(t.tenant(), t.alert()));
        } catch (Exception e) {
            LOG.warnf("Cannot republish alerts now: %s", e.toString());
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(EntitlementPublisher.producerConfig(bootstrapServers, "billing-alerts"),
                            new StringSerializer(), new ByteArraySerializer());
                }
                p = producer;
            }
        }
        return p;
    }

    @PreDestroy
    void close() {
        KafkaProducer<String, byte[]> p = producer;
        if (p != null) {
            p.close(java.time.Duration.ofSeconds(5));
        }
    }
}
