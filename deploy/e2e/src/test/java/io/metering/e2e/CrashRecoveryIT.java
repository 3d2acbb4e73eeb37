package io.metering.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.metering.e2e.scenario.ConsumptionChecks;
import io.metering.e2e.scenario.Deliveries;
import io.metering.e2e.scenario.ExpectedMetrics;
import io.metering.e2e.scenario.IngestClient;
import io.metering.e2e.scenario.TokenSource;
import io.metering.e2e.scenario.UsageRecord;
import io.metering.e2e.scenario.UsageScenario;
import io.metering.local.DevApi;
import io.metering.local.LocalStack;

/**
 * While a large history is replayed over HTTP by parallel senders that retry until they get their 202,
 * the ingest-service (HTTP, producer, Streams and sinks in one JVM) is killed with SIGKILL three times
 * and the Kafka broker is restarted once; afterwards every metric equals the reference exactly.
 * {@code -Dmetering.crash.events=1000000} runs the full-size variant (default 200,000 for the suite).
 */
class CrashRecoveryIT {

    static final List<String> PRODUCTS = List.of("crash-cad", "crash-photo", "crash-math");
    static final int EVENTS = Integer.getInteger("metering.crash.events", 200_000);

    @Test
    void nothingIsLostOrCountedTwiceWhenTheIngestServiceIsKilledThreeTimesAndTheBrokerRestarts() throws Exception {
        LocalStack stack = SharedStack.get();
        String tokenEndpoint = stack.keycloak().tokenEndpoint();
        TokenSource importer = new TokenSource(() -> DevApi.clientToken(tokenEndpoint, "metering-importer", "importer-secret"));
        TokenSource manager = new TokenSource(() -> DevApi.userToken(tokenEndpoint, "manager", "manager"));

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant from = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(2));
        // about 2 days x 1 session x 62 events per device
        int deviceCount = Math.max(50, EVENTS / 124);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < deviceCount; i++) {
            devices.add("crash-" + run + "-" + i);
        }
        UsageScenario scenario = UsageScenario.generate(new UsageScenario.Options(11, from, now.minus(Duration.ofMinutes(5)),
                PRODUCTS, devices, 1.0, 120, 60, 0.0));
        ExpectedMetrics expected = new ExpectedMetrics(scenario.events());
        List<List<UsageRecord>> batches = Deliveries.shuffledBatches(new ArrayList<>(scenario.byDevice().values()),
                100, 1000, 0.01, new Random(3));

        IngestClient ingest = new IngestClient(stack.ingestUrl(), Duration.ofMinutes(4));
        AtomicLong sent = new AtomicLong();
        long total = batches.stream().mapToLong(List::size).sum();
        long started = System.nanoTime();
        CompletableFuture<Void> chaos = CompletableFuture.runAsync(() -> {
            killIngestAt(stack, sent, total, 0.10);
            killIngestAt(stack, sent, total, 0.35);
            awaitProgress(sent, total, 0.55);
            log("restarting the Kafka broker at " + sent.get() + " events");
            stack.kafka().restart();
            killIngestAt(stack, sent, total, 0.75);
        });
        Deliveries.sendAll(batches, 4, batch -> ingest.postJson(importer, batch), sent);
        chaos.join();
        log("sent " + sent.get() + " events (" + scenario.size() + " unique) in "
                + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s with " + ingest.retries() + " retries");

        List<ConsumptionChecks.Check> checks = new ArrayList<>(
                ConsumptionChecks.allMetrics(PRODUCTS, from, now.plus(Duration.ofHours(1)), "hour"));
        List<String> mismatches = new ConsumptionChecks(stack.billingUrl(), manager, expected)
                .awaitAgreement(checks, Duration.ofMinutes(5));
        log("settled " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s after the first event; "
                + mismatches.size() + " differences");
        assertThat(ingest.retries()).as("the crashes were felt by the senders").isPositive();
        assertThat(mismatches).as("differences after the crashes (%d events, %d sessions)", scenario.size(),
                expected.sessionCount()).isEmpty();
    }

    private static void killIngestAt(LocalStack stack, AtomicLong sent, long total, double share) {
        awaitProgress(sent, total, share);
        log("SIGKILL ingest-service at " + sent.get() + " events");
        stack.ingest().kill();
        stack.ingest().launch().awaitReady();
        log("ingest-service is back");
    }

    private static void awaitProgress(AtomicLong sent, long total, double share) {
        while (sent.get() < total * share) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void log(String line) {
        System.out.println("[crash-test] " + line);
    }
}
