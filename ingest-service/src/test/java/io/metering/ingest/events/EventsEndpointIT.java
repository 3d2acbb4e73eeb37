package io.metering.ingest.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.containsString;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.metering.local.testing.MeteringServiceResource;
import io.metering.local.testing.TestTokens;
import io.metering.schemas.Codecs;
import io.metering.schemas.EventBatch;
import io.metering.schemas.EventType;
import io.metering.schemas.SignedBatch;
import io.metering.schemas.UsageEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = MeteringServiceResource.class, initArgs = @io.quarkus.test.common.ResourceArg(name = "database-prefix", value = "ingest"))
class EventsEndpointIT {

    static final String TENANT = "events-it";

    static String importer() {
        return TestTokens.issue(TENANT, "importer-bot", "importer");
    }

    static String json(String device, long seq, String type, Instant at) {
        return """
                {"eventId":"%s","deviceId":"%s","seq":%d,"type":"%s","occurredAt":"%s","sessionId":"s-%s",
                 "productId":"autocad","executable":"acad.exe","user":"CORP\\\\alice","activeSeconds":30,"idleSeconds":30}"""
                .formatted(UUID.randomUUID(), device, seq, type, at, device);
    }

    @Test
    void healthMetricsAndOpenApiAreServedWithoutAToken() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("metering_ingest_events"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/v1/events"));
    }

    @Test
    void aRequestWithoutATokenIsUnauthorized() {
        given().contentType(ContentType.JSON).body("{\"events\":[]}").when().post("/v1/events")
                .then().statusCode(401);
    }

    @Test
    void aLicenseManagerMayNotPostEvents() {
        given().auth().oauth2(TestTokens.issue(TENANT, "manager", "license-manager"))
                .contentType(ContentType.JSON).body("{\"events\":[" + json("d1", 1, "LAUNCH", Instant.now()) + "]}")
                .when().post("/v1/events").then().statusCode(403).body("error", equalTo("forbidden"));
    }

    @Test
    void aTokenWithoutTenantIsForbiddenWithAReason() {
        given().auth().oauth2(TestTokens.issue(null, "importer-bot", "importer"))
                .contentType(ContentType.JSON).body("{\"events\":[" + json("d1", 1, "LAUNCH", Instant.now()) + "]}")
                .when().post("/v1/events").then().statusCode(403).body("error", equalTo("no_tenant"));
    }

    @Test
    void anImporterBatchIsAcceptedWithPerEventReasonsAndStoredOnce() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String device = "json-" + UUID.randomUUID();
        String body = "{\"events\":[" + String.join(",",
                json(device, 1, "LAUNCH", now.minusSeconds(120)),
                json(device, 2, "HEARTBEAT", now.minusSeconds(60)),
                json(device, 2, "HEARTBEAT", now.minusSeconds(60)),
                json(device, 3, "EXIT", now.plus(Duration.ofHours(2))),
                "{\"deviceId\":\"" + device + "\",\"seq\":\"four\",\"type\":\"EXIT\"}") + "]}";

        given().auth().oauth2(importer()).contentType(ContentType.JSON).body(body)
                .when().post("/v1/events")
                .then().statusCode(202)
                .body("accepted", equalTo(2))
                .body("duplicates", equalTo(1))
                .body("rejected", hasSize(2))
                .body("rejected[0].index", equalTo(3))
                .body("rejected[0].reason", containsString("future"))
                .body("rejected[1].reason", containsString("seq must be a whole number"));

        assertThat(awaitStoredEvents(device, 2)).isEqualTo(2);
    }

    @Test
    void everyFieldOfAnImportedEventIsStoredAsSent() throws Exception {
        Instant occurred = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(3)).plusMillis(123);
        String device = "fields-" + UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        String withEverything = """
                {"eventId":"%s","deviceId":"%s","seq":9000000000,"type":"HEARTBEAT","occurredAt":"%s",
                 "sessionId":"s-ü","productId":"autocad","executable":"C:\\\\Program Files\\\\acad.exe",
                 "user":"CORP\\\\zoë \\"z\\"","pid":4242,"processStartedAt":"%s","activeSeconds":45,
                 "idleSeconds":15,"agentVersion":"1.2.3"}""".formatted(eventId, device, occurred, occurred.minusMillis(61_001));
        String bare = """
                {"deviceId":"%s","seq":9000000001,"type":"EXIT","occurredAt":"%s","sessionId":"s-ü"}"""
                .formatted(device, occurred.plusSeconds(60));
        given().auth().oauth2(importer()).contentType(ContentType.JSON)
                .body("{\"events\":[" + withEverything + "," + bare + "]}")
                .when().post("/v1/events").then().statusCode(202).body("accepted", equalTo(2));
        assertThat(awaitStoredEvents(device, 2)).isEqualTo(2);

        try (Connection c = connection(); ResultSet rs = c.createStatement().executeQuery("""
                SELECT tenant_id, seq, occurred_at, event_id, type, session_id, product_id, executable, user_name,
                       pid, process_started_at, active_seconds, idle_seconds, agent_version, received_at
                FROM usage_event WHERE device_id = '%s' ORDER BY seq""".formatted(device))) {
            rs.next();
            assertThat(rs.getString("tenant_id")).isEqualTo(TENANT);
            assertThat(rs.getLong("seq")).isEqualTo(9_000_000_000L);
            assertThat(rs.getTimestamp("occurred_at").toInstant()).isEqualTo(occurred);
            assertThat(rs.getObject("event_id", UUID.class)).isEqualTo(eventId);
            assertThat(rs.getString("type")).isEqualTo("HEARTBEAT");
            assertThat(rs.getString("session_id")).isEqualTo("s-ü");
            assertThat(rs.getString("product_id")).isEqualTo("autocad");
            assertThat(rs.getString("executable")).isEqualTo("C:\\Program Files\\acad.exe");
            assertThat(rs.getString("user_name")).isEqualTo("CORP\\zoë \"z\"");
            assertThat(rs.getLong("pid")).isEqualTo(4242);
            assertThat(rs.getTimestamp("process_started_at").toInstant()).isEqualTo(occurred.minusMillis(61_001));
            assertThat(rs.getInt("active_seconds")).isEqualTo(45);
            assertThat(rs.getInt("idle_seconds")).isEqualTo(15);
            assertThat(rs.getString("agent_version")).isEqualTo("1.2.3");
            assertThat(rs.getTimestamp("received_at").toInstant()).isBetween(Instant.now().minusSeconds(60), Instant.now());
            rs.next();
            assertThat(rs.getString("product_id")).as("no product: '' in the table's key (ADR 0817)").isEmpty();
            assertThat(rs.getString("user_name")).isNull();
            assertThat(rs.getTimestamp("process_started_at")).isNull();
            assertThat(rs.getString("executable")).isEmpty();
            assertThat(rs.getLong("pid")).isZero();
        }
    }

    @Test
    void aResentBatchWithOneNewEventAddsOnlyTheNewEventToTheStore() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String device = "resent-" + UUID.randomUUID();
        String launch = json(device, 1, "LAUNCH", now.minusSeconds(120));
        String heartbeat = json(device, 2, "HEARTBEAT", now.minusSeconds(60));
        given().auth().oauth2(importer()).contentType(ContentType.JSON).body("{\"events\":[" + launch + "," + heartbeat + "]}")
                .when().post("/v1/events").then().statusCode(202).body("accepted", equalTo(2));
        assertThat(awaitStoredEvents(device, 2)).isEqualTo(2);

        String exit = json(device, 3, "EXIT", now);
        given().auth().oauth2(importer()).contentType(ContentType.JSON)
                .body("{\"events\":[" + launch + "," + heartbeat + "," + exit + "]}")
                .when().post("/v1/events").then().statusCode(202);

        assertThat(awaitStoredEvents(device, 3)).as("the repeated rows take the staging path, the new one is stored")
                .isEqualTo(3);
    }

    @Test
    void eventsOfAnUnrecognisedExecutableAreStoredOnceWhenTheirBatchIsSentAgain() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String device = "unrecognised-" + UUID.randomUUID();
        String first = unrecognised(device, 1, now.minusSeconds(120));
        String second = unrecognised(device, 2, now.minusSeconds(60));
        given().auth().oauth2(importer()).contentType(ContentType.JSON).body("{\"events\":[" + first + "," + second + "]}")
                .when().post("/v1/events").then().statusCode(202).body("accepted", equalTo(2));
        assertThat(awaitStoredEvents(device, 2)).isEqualTo(2);

        given().auth().oauth2(importer()).contentType(ContentType.JSON)
                .body("{\"events\":[" + first + "," + second + "," + unrecognised(device, 3, now) + "]}")
                .when().post("/v1/events").then().statusCode(202);

        assertThat(awaitStoredEvents(device, 3)).as("events without a product are deduplicated like the others")
                .isEqualTo(3);
    }

    private static String unrecognised(String device, long seq, Instant at) {
        return """
                {"deviceId":"%s","seq":%d,"type":"HEARTBEAT","occurredAt":"%s","sessionId":"s-%s","executable":"tool.exe"}"""
                .formatted(device, seq, at, device);
    }

    @Test
    void aBatchWithNothingValidIsABadRequestThatListsTheReasons() {
        given().auth().oauth2(importer()).contentType(ContentType.JSON)
                .body("{\"events\":[{\"deviceId\":\"x\",\"seq\":-1,\"type\":\"LAUNCH\",\"occurredAt\":\"2026-11-02T09:15:00Z\",\"sessionId\":\"s\"}]}")
                .when().post("/v1/events")
                .then().statusCode(400)
                .body("error", equalTo("nothing_valid"))
                .body("rejected[0].reason", equalTo("seq must be at least 1"));
    }

    @Test
    void anEnrolledDeviceUploadsASignedChainedBatchAndARetryCountsAsDuplicates() throws Exception {
        KeyPair keys = generate();
        String deviceId = enroll(keys);
        String agent = TestTokens.issue(TENANT, "service-account-metering-agent", "agent");

        byte[] first = encodeBatch(deviceId, 1, new byte[32], List.of(event(deviceId, 1, EventType.LAUNCH)));
        byte[] signedFirst = sign(deviceId, first, keys);
        postAvro(agent, signedFirst).then().statusCode(202).body("accepted", equalTo(1));
        postAvro(agent, signedFirst).then().statusCode(202).body("accepted", equalTo(0)).body("duplicates", equalTo(1));

        byte[] brokenChain = encodeBatch(deviceId, 2, new byte[32], List.of(event(deviceId, 2, EventType.HEARTBEAT)));
        postAvro(agent, sign(deviceId, brokenChain, keys)).then().statusCode(409).body("error", equalTo("chain_broken"));

        byte[] second = encodeBatch(deviceId, 2, MessageDigest.getInstance("SHA-256").digest(first),
                List.of(event(deviceId, 2, EventType.HEARTBEAT)));
        byte[] tampered = sign(deviceId, second, keys);
        tampered[tampered.length - 1] ^= 1;
        postAvro(agent, tampered).then().statusCode(403).body("error", equalTo("bad_signature"));
        postAvro(agent, sign(deviceId, second, keys)).then().statusCode(202).body("accepted", equalTo(1));
        postAvro(agent, sign(deviceId, first, keys)).then().statusCode(409).body("error", equalTo("replayed_batch"));

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("metering_ingest_events_total{outcome=\"duplicate\"}"))
                .body(containsString("metering_ingest_batch_events_count"))
                .body(containsString("metering_ingest_batch_bytes_bucket{format=\"avro\""))
                .body(containsString("metering_streams_lag_records"));
    }

    @Test
    void aBatchThatArrivesBeforeItsPredecessorWaitsForItAndBothAreAccepted() throws Exception {
        KeyPair keys = generate();
        String deviceId = enroll(keys);
        String agent = TestTokens.issue(TENANT, "service-account-metering-agent", "agent");
        byte[] first = encodeBatch(deviceId, 1, new byte[32], List.of(event(deviceId, 1, EventType.LAUNCH)));
        byte[] second = encodeBatch(deviceId, 2, MessageDigest.getInstance("SHA-256").digest(first),
                List.of(event(deviceId, 2, EventType.HEARTBEAT)));

        var early = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return postAvro(agent, sign(deviceId, second, keys)).then().extract().statusCode();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        postAvro(agent, sign(deviceId, first, keys)).then().statusCode(202).body("accepted", equalTo(1));
        assertThat(early.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(202);

        byte[] orphan = encodeBatch(deviceId, 4, new byte[32], List.of(event(deviceId, 4, EventType.HEARTBEAT)));
        long started = System.nanoTime();
        postAvro(agent, sign(deviceId, orphan, keys)).then().statusCode(409).body("error", equalTo("chain_broken"));
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(
                java.time.Duration.ofMillis(1_900));
    }

    @Test
    void aDeviceCannotUploadForAnotherTenant() throws Exception {
        KeyPair keys = generate();
        String deviceId = enroll(keys);
        String otherTenantAgent = TestTokens.issue("someone-else", "agent", "agent");
        byte[] batch = encodeBatch(deviceId, 1, new byte[32], List.of(event(deviceId, 1, EventType.LAUNCH)));
        postAvro(otherTenantAgent, sign(deviceId, batch, keys)).then().statusCode(403).body("error", equalTo("unknown_device"));
    }

    @Test
    void aRevokedDeviceCanNoLongerUpload() throws Exception {
        KeyPair keys = generate();
        String deviceId = enroll(keys);
        String agent = TestTokens.issue(TENANT, "agent", "agent");
        byte[] first = encodeBatch(deviceId, 1, new byte[32], List.of(event(deviceId, 1, EventType.LAUNCH)));
        postAvro(agent, sign(deviceId, first, keys)).then().statusCode(202);

        given().auth().oauth2(TestTokens.issue(TENANT, "manager", "license-manager"))
                .post("/v1/devices/" + deviceId + "/revoke").then().statusCode(403);
        given().auth().oauth2(TestTokens.issue("someone-else", "admin", "admin"))
                .post("/v1/devices/" + deviceId + "/revoke").then().statusCode(404);
        given().auth().oauth2(TestTokens.issue(TENANT, "admin", "admin"))
                .post("/v1/devices/" + deviceId + "/revoke").then().statusCode(204);

        byte[] second = encodeBatch(deviceId, 2, MessageDigest.getInstance("SHA-256").digest(first),
                List.of(event(deviceId, 2, EventType.HEARTBEAT)));
        postAvro(agent, sign(deviceId, second, keys)).then().statusCode(403).body("error", equalTo("revoked_device"));
    }

    @Test
    void aCompressedBodyThatInflatesPastTheLimitIsRefusedAsTooLarge() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                out.write(zeros);
            }
        }
        assertThat(gz.size()).isLessThan(200_000);
        given().auth().oauth2(TestTokens.issue(TENANT, "agent", "agent"))
                .contentType("application/vnd.metering.batch+avro").header("Content-Encoding", "gzip")
                .body(gz.toByteArray()).when().post("/v1/events").then().statusCode(413);
    }

    @Test
    void aBodyAnnouncedOverTheLimitIsRefusedAsTooLargeBeforeItIsSent() throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String request = "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + importer()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + (64 * 1024 * 1024)
                    + "\r\nExpect: 100-continue\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream())).readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void garbageInsteadOfAvroIsABadRequest() {
        given().auth().oauth2(TestTokens.issue(TENANT, "agent", "agent"))
                .contentType("application/vnd.metering.batch+avro").body(new byte[] {1, 2, 3})
                .when().post("/v1/events").then().statusCode(400).body("error", equalTo("malformed_batch"));
    }

    @Test
    void anUnknownEnrollmentTokenIsRefused() {
        given().contentType(ContentType.JSON)
                .body("{\"token\":\"enr_nope\",\"publicKey\":\"" + publicKey(generate()) + "\"}")
                .when().post("/v1/enroll").then().statusCode(403).body("error", equalTo("bad_enrollment_token"));
    }

    static String enroll(KeyPair keys) {
        String token = given().auth().oauth2(TestTokens.issue(TENANT, "admin", "admin")).contentType(ContentType.JSON)
                .body("{\"uses\":1}").when().post("/v1/enrollment-tokens")
                .then().statusCode(201).extract().path("token");
        String deviceId = given().contentType(ContentType.JSON)
                .body("{\"token\":\"" + token + "\",\"publicKey\":\"" + publicKey(keys) + "\",\"hostname\":\"pc-1\"}")
                .when().post("/v1/enroll").then().statusCode(201).body("tenantId", equalTo(TENANT))
                .extract().path("deviceId");
        given().contentType(ContentType.JSON)
                .body("{\"token\":\"" + token + "\",\"publicKey\":\"" + publicKey(keys) + "\"}")
                .when().post("/v1/enroll").then().statusCode(403);
        return deviceId;
    }

    static io.restassured.response.Response postAvro(String token, byte[] signed) throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(signed);
        }
        return given().auth().oauth2(token).contentType("application/vnd.metering.batch+avro")
                .header("Content-Encoding", "gzip").body(gz.toByteArray()).when().post("/v1/events");
    }

    static UsageEvent event(String deviceId, long seq, EventType type) {
        return UsageEvent.newBuilder().setEventId(UUID.randomUUID()).setTenantId(TENANT).setDeviceId(deviceId)
                .setSeq(seq).setType(type).setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setSessionId("s-1").setProductId("autocad").setExecutable("acad.exe").setUser("CORP\\bob")
                .setAgentVersion("test").build();
    }

    static byte[] encodeBatch(String deviceId, long batchSeq, byte[] previousHash, List<UsageEvent> events) {
        return Codecs.EVENT_BATCH.encode(EventBatch.newBuilder().setTenantId(TENANT).setDeviceId(deviceId)
                .setBatchSeq(batchSeq).setPreviousHash(ByteBuffer.wrap(previousHash)).setCreatedAt(Instant.now())
                .setEvents(events).build());
    }

    static byte[] sign(String deviceId, byte[] batch, KeyPair keys) throws Exception {
        Signature ed = Signature.getInstance("Ed25519");
        ed.initSign(keys.getPrivate());
        ed.update(batch);
        return Codecs.SIGNED_BATCH.encode(SignedBatch.newBuilder().setDeviceId(deviceId)
                .setBatch(ByteBuffer.wrap(batch)).setSignature(ByteBuffer.wrap(ed.sign())).build());
    }

    static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String publicKey(KeyPair keys) {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    static Connection connection() throws java.sql.SQLException {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        String user = ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class);
        String password = ConfigProvider.getConfig().getOptionalValue("quarkus.datasource.password", String.class).orElse("");
        return DriverManager.getConnection(url, user, password);
    }

    /**
     * The device's stored events once there are at least {@code expected}, counted again half a second
     * later so that rows stored after the first count (duplicates, say) are in the answer.
     */
    static int awaitStoredEvents(String device, int expected) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        int count = storedEvents(device);
        while (count < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            count = storedEvents(device);
        }
        if (count < expected) {
            return count;
        }
        Thread.sleep(500);
        return storedEvents(device);
    }

    private static int storedEvents(String device) throws Exception {
        try (Connection c = connection();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT count(*) FROM usage_event WHERE device_id = '" + device + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
