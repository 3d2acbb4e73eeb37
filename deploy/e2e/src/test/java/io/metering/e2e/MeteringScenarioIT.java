package io.metering.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.metering.e2e.scenario.ConsumptionChecks;
import io.metering.e2e.scenario.Deliveries;
import io.metering.e2e.scenario.EnrolledAgent;
import io.metering.e2e.scenario.ExpectedMetrics;
import io.metering.e2e.scenario.IngestClient;
import io.metering.e2e.scenario.TokenSource;
import io.metering.e2e.scenario.UsageRecord;
import io.metering.e2e.scenario.UsageScenario;
import io.metering.local.DevApi;
import io.metering.local.LocalStack;

/**
 * A multi-day history of a fleet of 300 devices (20 of them enrolled agents uploading signed Avro
 * batches, the rest imported as JSON), delivered with duplicates, out of order and with a tenth of the
 * fleet days late, gives exactly the numbers a plain reference implementation computes, for every
 * metric, several periods and every bucket of their series, for the whole tenant and per cost center
 * (members by user and by device, and the unallocated rest).
 */
class MeteringScenarioIT {

    static final String TENANT = "demo";
    static final List<String> PRODUCTS = List.of("scn-cad", "scn-photo", "scn-math", "scn-office");
    static final int AGENTS = 20;
    static final int IMPORTED_DEVICES = 280;

    @Test
    void aLateDuplicatedReorderedMultiDayHistoryIsMeteredExactlyForEveryMetricPeriodAndBucket() throws Exception {
        LocalStack stack = SharedStack.get();
        String tokenEndpoint = stack.keycloak().tokenEndpoint();
        TokenSource importer = new TokenSource(() -> DevApi.clientToken(tokenEndpoint, "metering-importer", "importer-secret"));
        TokenSource agentTokens = new TokenSource(() -> DevApi.clientToken(tokenEndpoint, "metering-agent", "agent-secret"));
        TokenSource manager = new TokenSource(() -> DevApi.userToken(tokenEndpoint, "manager", "manager"));
        String admin = DevApi.userToken(tokenEndpoint, "admin", "admin");

        String enrollmentToken = DevApi.postJson(stack.ingestUrl() + "/v1/enrollment-tokens", admin,
                "{\"uses\":" + AGENTS + ",\"ttlSeconds\":600}").expect(201).field("token");
        List<EnrolledAgent> agents = new ArrayList<>();
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            EnrolledAgent agent = EnrolledAgent.enroll(stack.ingestUrl(), enrollmentToken, TENANT, "scn-pc-" + i);
            agents.add(agent);
            devices.add(agent.deviceId());
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < IMPORTED_DEVICES; i++) {
            devices.add("scn-" + run + "-" + i);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant firstDay = now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(4));
        UsageScenario scenario = UsageScenario.generate(new UsageScenario.Options(42, firstDay,
                now.minus(Duration.ofMinutes(10)), PRODUCTS, devices, 1.2, 150, 120, 0.1));
        // two cost centers: some users (a user's cost center wins over its device's) and some devices
        Map<String, String> userCenters = new HashMap<>();
        Map<String, String> deviceCenters = new HashMap<>();
        String centerA = "scn-" + run + "-a";
        String centerB = "scn-" + run + "-b";
        List<String> users = scenario.events().stream().map(UsageRecord::user).filter(java.util.Objects::nonNull)
                .distinct().sorted().toList();
        for (int i = 0; i < users.size(); i++) {
            if (i % 3 < 2) {
                userCenters.put(users.get(i), i % 3 == 0 ? centerA : centerB);
            }
        }
        for (int i = 0; i < 120; i++) {
            deviceCenters.put(devices.get(AGENTS + i), i % 2 == 0 ? centerA : centerB);
        }
        String managerToken = manager.get();
        for (String center : List.of(centerA, centerB)) {
            DevApi.postJson(stack.billingUrl() + "/api/v1/cost-centers", managerToken,
                    "{\"id\":\"" + center + "\",\"name\":\"Scenario " + center + "\"}").expect(201);
            DevApi.putJson(stack.billingUrl() + "/api/v1/cost-centers/" + center + "/members", managerToken,
                    "{\"users\":" + jsonList(userCenters, center) + ",\"devices\":" + jsonList(deviceCenters, center) + "}")
                    .expect(200);
        }
        ExpectedMetrics expected = new ExpectedMetrics(scenario.events(),
                new ExpectedMetrics.CostCenters(userCenters, deviceCenters));
        for (String product : PRODUCTS) {
            assertThat(expected.value(product, "concurrent_users", firstDay, now)).as("a scenario worth checking")
                    .isGreaterThan(java.math.BigDecimal.ONE);
            for (String center : List.of(centerA, centerB, "unallocated")) {
                assertThat(expected.value(product, "users", firstDay, now, center)).as("usage in " + center)
                        .isGreaterThan(java.math.BigDecimal.ONE);
            }
        }

        IngestClient ingest = new IngestClient(stack.ingestUrl(), Duration.ofMinutes(2));
        Random random = new Random(7);
        AtomicLong sent = new AtomicLong();
        // on time: the imported devices that were online, and the agents that were online
        deliver(scenario, ingest, importer, agentTokens, agents, false, random, sent);
        // days late: the offline tenth of the fleet comes back
        deliver(scenario, ingest, importer, agentTokens, agents, true, random, sent);
        assertThat(sent.get()).as("events sent, duplicates included").isGreaterThan(scenario.size());

        Instant day = firstDay.plus(Duration.ofDays(2));
        List<ConsumptionChecks.Check> checks = new ArrayList<>();
        checks.addAll(ConsumptionChecks.allMetrics(PRODUCTS, firstDay, now.plus(Duration.ofHours(1)), "day"));
        checks.addAll(ConsumptionChecks.allMetrics(PRODUCTS.subList(0, 2), day, day.plus(Duration.ofDays(1)), "hour"));
        checks.addAll(ConsumptionChecks.allMetrics(PRODUCTS.subList(2, 3), day.plus(Duration.ofMinutes(22 * 60 + 30)),
                day.plus(Duration.ofMinutes(25 * 60 + 15)), "minute"));
        checks.addAll(ConsumptionChecks.allMetrics(PRODUCTS, day.plusMillis(37_043_500),
                day.plus(Duration.ofDays(1)).plusSeconds(11_107), null));
        checks.addAll(ConsumptionChecks.perCostCenter(PRODUCTS, List.of(centerA, centerB, "unallocated"), firstDay,
                now.plus(Duration.ofHours(1)), "day"));
        checks.addAll(ConsumptionChecks.perCostCenter(PRODUCTS.subList(0, 1), List.of(centerB), day,
                day.plus(Duration.ofDays(1)), "hour"));
        ConsumptionChecks consumption = new ConsumptionChecks(stack.billingUrl(), manager, expected);

        List<String> mismatches = consumption.awaitAgreement(checks, Duration.ofMinutes(3));
        System.out.printf("[scenario] %d devices, %d unique events (%d sent), %d sessions, %d checks: %d differences%n",
                devices.size(), scenario.size(), sent.get(), expected.sessionCount(), checks.size(), mismatches.size());
        assertThat(mismatches).as("differences between the API and the reference (%d events, %d sessions)",
                scenario.size(), expected.sessionCount()).isEmpty();
    }

    private static void deliver(UsageScenario scenario, IngestClient ingest, TokenSource importer, TokenSource agentTokens,
                                List<EnrolledAgent> agents, boolean offline, Random random, AtomicLong sent) throws Exception {
        List<List<UsageRecord>> imported = new ArrayList<>();
        scenario.byDevice().forEach((device, events) -> {
            boolean agent = agents.stream().anyMatch(a -> a.deviceId().equals(device));
            if (!agent && scenario.isOffline(device) == offline) {
                imported.add(events);
            }
        });
        List<List<UsageRecord>> batches = Deliveries.shuffledBatches(imported, 40, 800, 0.03, random);
        ExecutorService agentSenders = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> uploads = new ArrayList<>();
            for (EnrolledAgent agent : agents) {
                List<UsageRecord> events = scenario.byDevice().get(agent.deviceId());
                if (scenario.isOffline(agent.deviceId()) == offline) {
                    long seed = random.nextLong();
                    uploads.add(agentSenders.submit(() -> upload(agent, events, ingest, agentTokens, new Random(seed), sent)));
                }
            }
            Deliveries.sendAll(batches, 3, batch -> ingest.postJson(importer, batch), sent);
            for (Future<?> upload : uploads) {
                upload.get();
            }
        } finally {
            agentSenders.shutdownNow();
        }
    }

    /**
     * An agent's upload: chained batches in order, events shuffled inside, every fifth batch sent twice
     * (the agent never saw the 202) and the tail of a batch repeated in the next (an agent restart).
     */
    private static void upload(EnrolledAgent agent, List<UsageRecord> events, IngestClient ingest, TokenSource tokens,
                               Random random, AtomicLong sent) {
        int i = 0;
        int batchNo = 0;
        while (i < events.size()) {
            int end = Math.min(events.size(), i + 30 + random.nextInt(50));
            List<UsageRecord> batch = new ArrayList<>(events.subList(Math.max(0, i - random.nextInt(3)), end));
            java.util.Collections.shuffle(batch, random);
            IngestClient.Ack ack = ingest.postSigned(tokens, agent.nextBatch(batch));
            assertThat(ack.accepted() + ack.duplicates()).as(ack.body()).isEqualTo(batch.size());
            if (++batchNo % 5 == 0) {
                IngestClient.Ack again = ingest.postSigned(tokens, agent.lastBatch());
                assertThat(again.duplicates()).as(again.body()).isEqualTo(batch.size());
            }
            sent.addAndGet(batch.size());
            i = end;
        }
    }

    private static String jsonList(Map<String, String> membership, String center) {
        return membership.entrySet().stream().filter(e -> e.getValue().equals(center))
                .map(e -> "\"" + e.getKey().replace("\\", "\\\\") + "\"")
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }
}
