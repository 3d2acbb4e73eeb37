package io.metering.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * At least 10,000 generated hostile inputs (seeded, reproducible) against ingest's {@code /v1/events}
 * and the rest of both APIs, from a few threads, in tenant {@code hostile}: every answer is a 4xx with
 * a JSON reason, or a 2xx where the input was in fact valid; never a 5xx, never a hang (10 s). Meanwhile
 * tenant {@code steady} sends valid signed batches and JSON imports that must all be accepted and then
 * counted exactly by the consumption API.
 */
class HostileInputIT {

    static final long SEED = Long.getLong("metering.hostile.seed", 20261125L);
    static final int INPUTS = Integer.getInteger("metering.hostile.inputs", 10_400);
    static final int THREADS = 4;
    /** Answers the HTTP layer gives before any application code runs, without a JSON body. */
    static final Set<Integer> HTTP_LAYER = Set.of(414, 431);
    /** ingest-service's quarkus.http.limits.max-body-size. */
    static final int MAX_BODY = 4 * 1024 * 1024;

    static Tenant hostile;
    static Tenant steady;
    static Fixtures hostileData;
    static List<List<Device>> hostileDevices = new ArrayList<>();
    static List<Device> steadyDevices = new ArrayList<>();

    @BeforeAll
    static void twoTenantsWithDevices() {
        hostile = SecurityStack.tenant("hostile");
        steady = SecurityStack.tenant("steady");
        hostileData = new Fixtures(hostile, "hx");
        for (int t = 0; t < THREADS; t++) {
            List<Device> mine = new ArrayList<>();
            for (int d = 0; d < 3; d++) {
                mine.add(Device.enroll(hostile));
            }
            hostileDevices.add(mine);
        }
        for (int d = 0; d < 3; d++) {
            steadyDevices.add(Device.enroll(steady));
        }
    }

    @Test
    void hostileInputsGetA4xxWithAReasonWhileValidTrafficIsAcceptedAndCountedExactly() throws Exception {
        Instant from = Instant.now().minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String product = "steady-" + Long.toHexString(System.nanoTime());
        SteadyTraffic valid = new SteadyTraffic(steady, steadyDevices, product);
        valid.start();

        Map<String, Map<Integer, LongAdder>> byCategory = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        LongAdder sent = new LongAdder();
        LongAdder resent = new LongAdder();
        long began = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                Random random = new Random(SEED + thread);
                AvroAttacks avro = new AvroAttacks(random, hostileDevices.get(thread), hostileData.product);
                JsonAttacks json = new JsonAttacks(random, "hx-imported-" + thread, hostileData.product);
                BillingAttacks billing = new BillingAttacks(random, hostileData);
                for (int i = thread; i < INPUTS; i += THREADS) {
                    int pick = random.nextInt(100);
                    Attack attack = pick < 20 ? avro.envelope() : pick < 40 ? avro.inner() : pick < 65 ? json.next()
                            : pick < 80 ? billing.query() : pick < 90 ? billing.path() : billing.body();
                    Http.Reply answer;
                    try {
                        answer = Http.send(attack.method(), attack.url(), hostile.token(attack.role()),
                                attack.contentType(), attack.body());
                        if (answer.status() == Http.Reply.BROKEN && (attack.body() == null || attack.body().length <= MAX_BODY)) {
                            // a pooled connection the server had just closed (after a 413 or 414): the same input once more
                            resent.increment();
                            answer = Http.send(attack.method(), attack.url(), hostile.token(attack.role()),
                                    attack.contentType(), attack.body());
                        }
                    } catch (RuntimeException e) {
                        wrong.add("the suite could not send it: " + e + "\n    input: " + attack.describe());
                        continue;
                    }
                    attack.after().accept(answer);
                    sent.increment();
                    byCategory.computeIfAbsent(attack.category(), c -> new ConcurrentHashMap<>())
                            .computeIfAbsent(answer.status(), s -> new LongAdder()).increment();
                    verdict(attack, answer).ifPresent(problem -> wrong.add(problem + "\n    input: " + attack.describe()));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        valid.stop();
        report(byCategory, sent.sum(), resent.sum(), took, valid, wrong);

        assertThat(sent.sum()).isGreaterThanOrEqualTo(10_000);
        assertThat(wrong.size()).as("hostile inputs answered wrongly (all in target/security-hostile-input.txt), the first:\n"
                + String.join("\n", wrong.stream().limit(25).toList())).isZero();
        assertThat(valid.failures()).as("valid traffic refused while under attack").isEmpty();
        assertThat(valid.accepted()).isEqualTo(valid.sent());
        Instant to = Instant.now().plus(Duration.ofHours(1));
        Await.consumptionIs(steady, product, "launches", from, to, valid.sent(), Duration.ofSeconds(120));
        for (String service : List.of(SecurityStack.billing(), SecurityStack.ingest())) {
            assertThat(Http.get(service + "/q/health/ready", null).status()).as(service + " is still ready").isEqualTo(200);
        }
    }

    /** The inputs that answered 5xx before their fixes, each once, deterministically. */
    @Test
    void inputsThatOnceBrokeTheServicesAreRefusedWithAReason() {
        String events = SecurityStack.ingest() + "/v1/events";
        for (String time : List.of("-999999999-01-01T00:00:00Z", "+1000000000-01-01T00:00:00Z")) {
            Http.Reply answer = Http.json("POST", events, hostile.token(Role.IMPORTER), "{\"events\":[{\"deviceId\":\"d\",\"seq\":1,"
                    + "\"type\":\"LAUNCH\",\"occurredAt\":\"" + Instant.now().minusSeconds(60) + "\",\"processStartedAt\":\"" + time
                    + "\",\"sessionId\":\"s\",\"productId\":\"p\",\"executable\":\"p.exe\"}]}");
            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.body()).contains("processStartedAt");
        }
        Device device = hostileDevices.get(0).get(0);
        byte[] empty = io.metering.schemas.Codecs.EVENT_BATCH.encode(device.next(List.of()).build());
        byte[] claimsABillionEvents = java.util.Arrays.copyOf(empty, empty.length + 4);
        System.arraycopy(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, 2, 4}, 0, claimsABillionEvents,
                empty.length - 3, 7);
        Http.Reply huge = device.upload(device.envelope(claimsABillionEvents));
        assertThat(huge.status()).as(huge.toString()).isEqualTo(400);
        assertThat(huge.body()).contains("malformed_batch");
        // bit flips that turned a character of the envelope's device id into NUL were answered 503 (CI, 2026-12-04)
        Http.Reply nulDevice = device.upload(Device.envelope("dev-\0" + device.id().substring(5), empty, device.sign(empty), "Ed25519"));
        assertThat(nulDevice.status()).as(nulDevice.toString()).isEqualTo(400);
        assertThat(nulDevice.body()).contains("invalid_text");

        Http.Reply nulHost = Http.json("POST", SecurityStack.ingest() + "/v1/enroll", null, "{\"token\":\"" + hostileData.enrollmentToken()
                + "\",\"publicKey\":\"MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\",\"hostname\":\"a\\u0000b\"}");
        assertThat(nulHost.status()).as(nulHost.toString()).isEqualTo(400);
        for (Attack nul : List.of(
                Attack.of("nul", "POST", SecurityStack.ingest() + "/v1/devices/a%00b/revoke", Role.ADMIN, null, null, false),
                Attack.of("nul", "GET", SecurityStack.billing() + "/api/v1/products/a%00b", Role.FINANCE, null, null, false),
                Attack.of("nul", "GET", SecurityStack.billing() + "/api/v1/audit?id=%00", Role.ADMIN, null, null, false),
                Attack.of("nul", "POST", SecurityStack.billing() + "/api/v1/cost-centers", Role.ADMIN, Http.JSON,
                        "{\"id\":\"nul-name\",\"name\":\"a\\u0000b\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), false))) {
            Http.Reply answer = Http.send(nul.method(), nul.url(), hostile.token(nul.role()), nul.contentType(), nul.body());
            assertThat(answer.status()).as(nul.describe() + " -> " + answer).isEqualTo(400);
            assertThat(answer.body()).contains("invalid_text");
        }
    }

    /** Empty when the answer is right for the input; else what is wrong with it. */
    static java.util.Optional<String> verdict(Attack attack, Http.Reply answer) {
        int status = answer.status();
        if (status == Http.Reply.HANG) {
            return java.util.Optional.of("HANG (no answer within 10 s)");
        }
        boolean overBodyLimit = attack.body() != null && attack.body().length > MAX_BODY;
        if (overBodyLimit && (status == 413 || status == Http.Reply.BROKEN)) {
            // the HTTP server refuses the body before the application sees it, and may close while it is still sent
            return java.util.Optional.empty();
        }
        if (status == Http.Reply.BROKEN) {
            return java.util.Optional.of("connection failed: " + answer.body());
        }
        if (status >= 500) {
            return java.util.Optional.of("server error " + answer);
        }
        if (status < 300) {
            return attack.mayBeValid() ? java.util.Optional.empty() : java.util.Optional.of("accepted invalid input: " + answer);
        }
        if (status == 429 && answer.retryAfter().isEmpty()) {
            return java.util.Optional.of("429 without Retry-After");
        }
        if (HTTP_LAYER.contains(status)) {
            return java.util.Optional.empty();
        }
        if (!answer.isJson()) {
            return java.util.Optional.of("a " + status + " without a JSON reason: " + answer + " (" + answer.contentType().orElse("no type") + ")");
        }
        JsonNode body = KeycloakAdmin.read(answer.body());
        if (!body.hasNonNull("error") || !body.hasNonNull("message") || body.get("message").asText().isBlank()) {
            return java.util.Optional.of("a " + status + " whose JSON gives no error and message: " + answer);
        }
        return java.util.Optional.empty();
    }

    private static void report(Map<String, Map<Integer, LongAdder>> byCategory, long sent, long resent, Duration took,
                               SteadyTraffic valid, ConcurrentLinkedQueue<String> wrong) throws IOException {
        StringBuilder b = new StringBuilder("Hostile inputs: " + sent + " in " + took.toSeconds() + " s from " + THREADS
                + " threads, seed " + SEED + "; resent after a dropped pooled connection: " + resent
                + "\nValid events sent while under attack: " + valid.sent() + ", accepted: "
                + valid.accepted() + "\n\n| category | answers (status x count) |\n|---|---|\n");
        new TreeMap<>(byCategory).forEach((category, statuses) -> {
            b.append("| ").append(category).append(" | ");
            new TreeMap<>(statuses).forEach((status, count) -> b.append(status).append(" x ").append(count.sum()).append("  "));
            b.append("|\n");
        });
        b.append("\nWrong answers: ").append(wrong.size()).append('\n');
        wrong.forEach(w -> b.append(w).append('\n'));
        Path file = Path.of("target", "security-hostile-input.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, b);
        System.out.println(b.length() > 5000 ? b.substring(0, 5000) : b);
    }
}
