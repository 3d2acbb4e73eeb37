package io.metering.billing.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.metering.billing.audit.Transactions;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Sends pending webhook deliveries, one thread per instance: claims due rows, POSTs the alert JSON with
 * its signature, and records the answer. 2xx is DELIVERED; anything else is retried with exponential
 * backoff until {@link WebhookSettings#maxAttempts()}, then FAILED. Evaluation only inserts rows and
 * calls {@link #wake()}, so a slow receiver never holds up alerts. Thread-safe.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);

    private final Transactions transactions;
    private final WebhookRepository webhooks;
    private final WebhookSettings settings;
    private final Semaphore wakeUp = new Semaphore(0);
    private final HttpClient http;
    private volatile boolean running;
    private Thread thread;

    @Inject
    private final MeterRegistry registry;

    public DeliveryWorker(Transactions transactions, WebhookRepository webhooks, WebhookSettings settings,
                          MeterRegistry registry) {
        this.registry = registry;
        this.transactions = transactions;
        this.webhooks = webhooks;
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "webhook-delivery");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
    }

    /** New deliveries are waiting: look now instead of at the next poll. */
    public void wake() {
        wakeUp.release();
    }

    private void run() {
        while (running) {
            try {
                int sent = deliverDue();
                if (sent < settings.batchSize()) {
                    wakeUp.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.warnf("Webhook deliveries wait for the next poll: %s", e.toString());
                sleepQuietly();
            }
        }
    }

    int deliverDue() throws SQLException {
        long lease = settings.requestTimeout().toSeconds() * 2 + 10;
        List<WebhookRepository.Claimed> due = transactions.inTransaction(
                c -> webhooks.claimDue(c, settings.batchSize(), lease));
        for (WebhookRepository.Claimed d : due) {
            Outcome outcome = send(d);
            int attempts = d.attempts() + 1;
            String status = outcome.delivered() ? "DELIVERED" : attempts >= settings.maxAttempts() ? "FAILED" : "PENDING";
            registry.counter("metering.webhook.deliveries", "outcome",
                    outcome.delivered() ? "delivered" : status.equals("FAILED") ? "failed" : "retrying").increment();
            Instant next = Instant.now().plus(backoff(attempts));
            transactions.inTransaction(c -> {
                webhooks.recordAttempt(c, d.id(), status, outcome.httpStatus(), outcome.error(), next);
                return null;
            });
            if (!outcome.delivered()) {
                LOG.infof("Webhook delivery %d attempt %d: %s", d.id(), attempts,
                        outcome.error() != null ? outcome.error() : "HTTP " + outcome.httpStatus());
            }
        }
        return due.size();
    }

    Duration backoff(int attempts) {
        long factor = 1L << Math.min(attempts - 1, 30);
        Duration wait = settings.initialBackoff().multipliedBy(factor);
        return wait.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : wait;
    }

    private record Outcome(boolean delivered, Integer httpStatus, String error) {
    }

    private Outcome send(WebhookRepository.Claimed d) {
        byte[] body = d.payload().getBytes(StandardCharsets.UTF_8);
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(d.url()))
                    .timeout(settings.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header(WebhookSigner.HEADER, WebhookSigner.signature(d.secret(), body))
                    .header("X-Metering-Delivery", String.valueOf(d.id()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return new Outcome(status >= 200 && status < 300, status, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, null, "interrupted");
        } catch (Exception e) {
            String message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new Outcome(false, null, message.length() > 500 ? message.substring(0, 500) : message);
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
