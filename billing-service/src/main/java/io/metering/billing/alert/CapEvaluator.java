package io.metering.billing.alert;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.billing.audit.Transactions;
import io.metering.billing.consumption.ConsumptionQuery;
import io.metering.billing.consumption.Metric;
import io.metering.billing.entitlement.Entitlement;
import io.metering.billing.entitlement.EntitlementChanged;
import io.metering.billing.entitlement.EntitlementRepository;
import io.metering.billing.entitlement.EntitlementRules;
import io.metering.billing.webhook.DeliveryWorker;
import io.metering.billing.webhook.WebhookRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Evaluates caps: usage marks a (tenant, product) dirty with the day it happened; every
 * {@link AlertSettings#debounce()} each dirty product is evaluated once. For each of its entitlements
 * valid on such a day, consumption over that day's period (UTC) is compared with every threshold not yet
 * fired; a threshold reached (consumed >= threshold x quantity, consumed > 0, quantity > 0) stores an alert exactly
 * once (unique key), queues its webhook deliveries in the same transaction, then publishes it.
 * Thread-safe: marking is lock-free, evaluation runs on one thread.
 */
@ApplicationScoped
public class CapEvaluator {

    private static final Logger LOG = Logger.getLogger(CapEvaluator.class);

    /** A product of a tenant. */
    record Key(String tenant, String product) {
    }

    private final Transactions transactions;
    private final DataSource dataSource;
    private final EntitlementRepository entitlements;
    private final AlertRepository alerts;
    private final ConsumptionQuery consumption;
    private final WebhookRepository webhooks;
    private final DeliveryWorker deliveries;
    private final AlertPublisher publisher;
    private final AlertSettings settings;
    private final ObjectMapper json;
    private final Map<Key, Set<LocalDate>> dirty = new ConcurrentHashMap<>();
    /** Per dirty product, the earliest Kafka timestamp of the usage records that marked it (ingest time). */
    private final Map<Key, Long> firstMarkedUsage = new ConcurrentHashMap<>();
    private final Timer alertLatency;
    private final Counter alertsFired;
    private ScheduledExecutorService ticker;

    @Inject
    public CapEvaluator(Transactions transactions, DataSource dataSource, EntitlementRepository entitlements,
                        AlertRepository alerts, ConsumptionQuery consumption, WebhookRepository webhooks,
                        DeliveryWorker deliveries, AlertPublisher publisher, AlertSettings settings, ObjectMapper json,
                        MeterRegistry registry) {
        this.alertLatency = Timer.builder("metering.alert.latency")
                .description("From the ingest time of the usage that crossed a threshold to the alert being stored")
                .serviceLevelObjectives(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
                        Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
                        Duration.ofMinutes(1), Duration.ofMinutes(5))
                .register(registry);
        this.alertsFired = registry.counter("metering.alerts");
        this.transactions = transactions;
        this.dataSource = dataSource;
        this.entitlements = entitlements;
        this.alerts = alerts;
        this.consumption = consumption;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.publisher = publisher;
        this.settings = settings;
        this.json = json;
    }

    void start(@Observes StartupEvent event) {
        if (!settings.enabled()) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cap-evaluator");
            t.setDaemon(true);
            return t;
        });
        long debounce = Math.max(10, settings.debounce().toMillis());
        ticker.scheduleWithFixedDelay(this::evaluateDirty, debounce, debounce, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Usage of a product, ingested at {@code ingestedAtMillis} (its Kafka timestamp), happened at {@code when}:
     * its periods need a look, and an alert it causes counts its latency from the ingest time.
     */
    public void touch(String tenant, String product, Instant when, long ingestedAtMillis) {
        firstMarkedUsage.merge(new Key(tenant, product), ingestedAtMillis, Math::min);
        touch(tenant, product, when);
    }

    /** Usage of a product happened at {@code when}: its periods need a look. */
    public void touch(String tenant, String product, Instant when) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate day = when.atZone(ZoneOffset.UTC).toLocalDate();
        if (day.isAfter(today) || when.isBefore(Instant.now().minus(settings.lateHorizon()))) {
            day = today;
        }
        dirty.computeIfAbsent(new Key(tenant, product), k -> ConcurrentHashMap.newKeySet()).add(day);
    }

    void onEntitlementChanged(@Observes EntitlementChanged change) {
        touch(change.tenant(), change.product(), Instant.now());
    }

    @Scheduled(every = "${metering.alerts.sweep-interval:60s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        if (!settings.enabled()) {
            return;
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     SELECT DISTINCT tenant_id, product_id FROM entitlement
                     WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)""")) {
            s.setObject(1, today);
            s.setObject(2, today);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    touch(rs.getString(1), rs.getString(2), Instant.now());
                }
            }
        } catch (Exception e) {
            LOG.warnf("Cap sweep skipped: %s", e.toString());
        }
    }

    void evaluateDirty() {
        for (Key key : new ArrayList<>(dirty.keySet())) {
            Long markedAt = firstMarkedUsage.remove(key);
            Set<LocalDate> days = dirty.remove(key);
            if (days == null || days.isEmpty()) {
                continue;
            }
            try {
                List<Alert> fired = evaluate(key, new TreeSet<>(days));
                alertsFired.increment(fired.size());
                if (!fired.isEmpty() && markedAt != null) {
                    alertLatency.record(Math.max(0, System.currentTimeMillis() - markedAt), TimeUnit.MILLISECONDS);
                }
            } catch (Exception e) {
                LOG.warnf("Caps of %s/%s not evaluated, retried with the next usage or sweep: %s",
                        key.tenant(), key.product(), e.toString());
            }
        }
    }

    /** Evaluates every entitlement of the product valid on one of the days; returns the alerts that fired. */
    List<Alert> evaluate(Key key, TreeSet<LocalDate> days) throws SQLException {
        List<Entitlement> candidates = transactions.inTransaction(
                c -> entitlements.validBetween(c, key.tenant(), key.product(), days.first(), days.last()));
        List<Alert> fired = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (Entitlement e : candidates) {
            for (LocalDate day : days) {
                if (!e.validOn(day)) {
                    continue;
                }
                Periods.Period period = Periods.containing(e.period(), day);
                if (done.add(e.id() + "@" + period.label())) {
                    fired.addAll(evaluate(key.tenant(), e, period));
                }
            }
        }
        return fired;
    }

    private List<Alert> evaluate(String tenant, Entitlement e, Periods.Period period) throws SQLException {
        if (e.quantity().signum() <= 0) {
            return List.of(); // no cap (e.g. a usage-priced entitlement without a budget): nothing to reach
        }
        Set<BigDecimal> already = transactions.inTransaction(c -> alerts.firedThresholds(c, tenant, e.id(), period.label()));
        List<BigDecimal> pending = new ArrayList<>();
        for (Double t : e.thresholds()) {
            BigDecimal threshold = EntitlementRules.normalised(BigDecimal.valueOf(t));
            if (!already.contains(threshold)) {
                pending.add(threshold);
            }
        }
        if (pending.isEmpty()) {
            return List.of();
        }
        BigDecimal consumed = consumption.value(tenant, e.product(), Metric.parse(e.metric()), period.from(), period.to(),
                Optional.ofNullable(e.costCenter()));
        if (consumed.signum() <= 0) {
            return List.of();
        }
        List<Alert> fired = new ArrayList<>();
        for (BigDecimal threshold : pending) {
            if (consumed.compareTo(threshold.multiply(e.quantity())) >= 0) {
                Alert alert = new Alert(UUID.randomUUID().toString(), e.id(), e.product(), e.metric(), period.label(),
                        threshold, EntitlementRules.normalised(consumed), e.quantity(), Instant.now());
                if (store(tenant, alert)) {
                    fired.add(alert);
                }
            }
        }
        return fired.isEmpty() ? List.of() : Collections.unmodifiableList(fired);
    }

    private boolean store(String tenant, Alert alert) throws SQLException {
        String payload;
        try {
            payload = json.writeValueAsString(alert);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        boolean stored = transactions.inTransaction(c -> {
            if (!alerts.insertOnce(c, tenant, alert)) {
                return false;
            }
            webhooks.enqueue(c, tenant, alert.id(), payload);
            return true;
        });
        if (stored) {
            LOG.infof("License alert %s: %s/%s entitlement %s period %s reached %s (%s of %s)", alert.id(), tenant,
                    alert.product(), alert.entitlement(), alert.period(), alert.threshold(), alert.consumed(),
                    alert.quantity());
            publisher.publish(tenant, alert);
            deliveries.wake();
        }
        return stored;
    }
}
