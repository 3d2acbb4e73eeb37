package io.metering.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.metering.local.DevApi;
import io.metering.local.Directories;
import io.metering.local.LocalCertificates;
import io.metering.local.LocalStack;

/**
 * The packaged agent as a child process against the real ingest-service, Keycloak, Kafka and
 * PostgreSQL (the local stack without the demo fleet): enrollment with a token an admin issued, signed
 * and chained uploads, and what comes out of billing's consumption API.
 */
class AgentAgainstRealIngestIT {

    private static final Pattern VALUE = Pattern.compile("\"value\"\\s*:\\s*\"?(\\d+)");
    private static final List<String> DEMO_PRODUCTS = List.of("autocad", "photoshop", "matlab", "solidworks",
            "visual-studio", "office", "intellij", "tableau");

    static LocalStack stack;
    static Path data;
    static AgentCli agent;

    @BeforeAll
    static void startThePlatformWithoutTheDemoFleet() throws Exception {
        Path repo = Path.of(System.getProperty("metering.repo", "../..")).toAbsolutePath().normalize();
        data = Files.createTempDirectory("metering-agent-e2e-");
        stack = SharedStack.get();
        // enrollment hands out ingest-service's TLS address; its certificate comes from the stack's local CA
        agent = new AgentCli(repo, data.resolve("logs"), List.of(
                "-Djavax.net.ssl.trustStore=" + stack.certificates().trustStore(),
                "-Djavax.net.ssl.trustStorePassword=" + LocalCertificates.PASSWORD));
    }

    @AfterAll
    static void deleteTheAgentsDataDirectory() throws Exception {
        if (data != null) {
            Directories.deleteRecursively(data);
        }
    }


    @Test
    void anEnrolledAgentReplaysAFileAndTheConsumptionApiShowsExactlyItsLaunches() throws Exception {
        Path dir = data.resolve("replay-device");
        AgentCli.Result enrolled = agent.run(Duration.ofSeconds(60), "enroll", "--server", stack.ingestUrl(),
                "--token", enrollmentToken(1), "--data-dir", dir.toString());
        assertThat(enrolled.exitCode()).as(enrolled.output()).isZero();

        String cad = "agent-e2e-cad-" + UUID.randomUUID().toString().substring(0, 8);
        String doc = "agent-e2e-doc-" + UUID.randomUUID().toString().substring(0, 8);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(20));
        List<String> lines = new ArrayList<>();
        lines.addAll(session(cad, "CORP\\alice", 101, start, 3));
        lines.addAll(session(cad, "CORP\\bob", 102, start.plusSeconds(120), 2));
        lines.addAll(session(cad, "CORP\\alice", 103, start.plusSeconds(600), 1));
        lines.addAll(session(doc, "CORP\\bob", 104, start.plusSeconds(30), 4));
        lines.addAll(session(doc, "CORP\\carol", 105, start.plusSeconds(300), 2));
        Path file = data.resolve("replay.jsonl");
        Files.write(file, lines);

        AgentCli.Result replayed = agent.run(Duration.ofSeconds(120), "replay", file.toString(), "--data-dir",
                dir.toString(), "--timeout", "90");
        assertThat(replayed.exitCode()).as(replayed.output()).isZero();
        assertThat(replayed.output()).contains("Recorded " + lines.size() + " events").doesNotContain("last error");

        String manager = DevApi.userToken(stack.keycloak().tokenEndpoint(), "manager", "manager");
        awaitValue(manager, cad, "launches", 3);
        awaitValue(manager, cad, "devices", 1);
        awaitValue(manager, cad, "users", 2);
        awaitValue(manager, doc, "launches", 2);
        awaitValue(manager, doc, "devices", 1);
        assertThat(status(dir)).contains("spool depth:       0 events").contains("last error:        -");
    }

    @Test
    void aSimulatedFleetShowsLaunchesOfSeveralProductsAndReusesItsDevicesOnRestart() throws Exception {
        Path dir = data.resolve("fleet");
        AgentCli.Result simulated = agent.run(Duration.ofSeconds(120), "simulate", "--server", stack.ingestUrl(),
                "--enroll-token", enrollmentToken(6), "--devices", "6", "--rate", "12", "--heartbeat", "10",
                "--duration", "30s", "--data-dir", dir.toString());
        assertThat(simulated.exitCode()).as(simulated.output()).isZero();
        assertThat(simulated.output()).contains("devices 6 | events generated");

        String manager = DevApi.userToken(stack.keycloak().tokenEndpoint(), "manager", "manager");
        List<String> launched = awaitProductsWithLaunches(manager, 3);
        assertThat(launched).hasSizeGreaterThanOrEqualTo(3).isSubsetOf(DEMO_PRODUCTS);
        Map<Path, String> identities = identities(dir);
        assertThat(identities).hasSize(6);
        for (Path device : identities.keySet()) {
            assertThat(status(device)).contains("spool depth:       0 events").contains("last error:        -");
        }

        AgentCli.Result restarted = agent.run(Duration.ofSeconds(90), "simulate", "--server", stack.ingestUrl(),
                "--enroll-token", "enr_used_up_or_expired", "--devices", "6", "--duration", "5s", "--data-dir",
                dir.toString());
        assertThat(restarted.exitCode()).as(restarted.output()).isZero();
        assertThat(identities(dir)).as("the same enrolled devices").isEqualTo(identities);
        for (Path device : identities.keySet()) {
            assertThat(status(device)).contains("spool depth:       0 events").contains("last error:        -");
        }
    }

    private static String enrollmentToken(int uses) {
        String admin = DevApi.userToken(stack.keycloak().tokenEndpoint(), "admin", "admin");
        return DevApi.postJson(stack.ingestUrl() + "/v1/enrollment-tokens", admin,
                "{\"uses\":" + uses + ",\"ttlSeconds\":600}").expect(201).field("token");
    }

    private static String status(Path dir) throws Exception {
        AgentCli.Result status = agent.run(Duration.ofSeconds(30), "status", "--data-dir", dir.toString());
        assertThat(status.exitCode()).as(status.output()).isZero();
        return status.output();
    }

    private static Map<Path, String> identities(Path fleet) throws Exception {
        Map<Path, String> identities = new HashMap<>();
        try (Stream<Path> devices = Files.list(fleet.resolve("devices"))) {
            for (Path device : devices.toList()) {
                identities.put(device, Files.readString(device.resolve("identity.json")));
            }
        }
        return identities;
    }

    /** LAUNCH, {@code heartbeats} HEARTBEATs a minute apart, EXIT: one session as JSON lines. */
    private static List<String> session(String product, String user, long pid, Instant launch, int heartbeats) {
        String session = UUID.randomUUID().toString();
        List<String> lines = new ArrayList<>();
        lines.add(event("LAUNCH", launch, session, product, user, pid, launch, 0, 0));
        for (int i = 1; i <= heartbeats + 1; i++) {
            lines.add(event(i <= heartbeats ? "HEARTBEAT" : "EXIT", launch.plusSeconds(60L * i), session, product,
                    user, pid, launch, 45, 15));
        }
        return lines;
    }

    private static String event(String type, Instant at, String session, String product, String user, long pid,
                                Instant started, int active, int idle) {
        return "{\"type\":\"" + type + "\",\"occurredAt\":\"" + at + "\",\"sessionId\":\"" + session
                + "\",\"productId\":\"" + product + "\",\"executable\":\"C:\\\\Apps\\\\" + product + ".exe\",\"user\":\""
                + user.replace("\\", "\\\\") + "\",\"pid\":" + pid + ",\"processStartedAt\":\"" + started
                + "\",\"activeSeconds\":" + active + ",\"idleSeconds\":" + idle + "}";
    }

    private static long value(String token, String product, String metric) {
        String from = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS).toString();
        String to = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).toString();
        DevApi.Answer answer = DevApi.get(stack.billingUrl() + "/api/v1/consumption?product=" + product + "&metric="
                + metric + "&from=" + from + "&to=" + to, token);
        Matcher m = VALUE.matcher(answer.body());
        return answer.status() == 200 && m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static void awaitValue(String token, String product, String metric, long expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            last = value(token, product, metric);
            if (last == expected) {
                Thread.sleep(2000);
                assertThat(value(token, product, metric)).as(metric + " of " + product + " stays").isEqualTo(expected);
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(metric + " of " + product + " never became " + expected + "; last value " + last);
    }

    private static List<String> awaitProductsWithLaunches(String token, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        List<String> launched = List.of();
        while (System.nanoTime() < deadline) {
            launched = DEMO_PRODUCTS.stream().filter(p -> value(token, p, "launches") > 0).toList();
            if (launched.size() >= atLeast) {
                return launched;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("only " + launched + " had launches");
    }
}
