package io.metering.billing.alert;

import static io.metering.billing.alert.Fixtures.manager;
import static io.metering.billing.alert.Fixtures.product;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.metering.billing.testing.BillingTestResource;
import io.metering.schemas.Codecs;
import io.metering.schemas.ConsumptionMinute;
import io.metering.schemas.LicenseAlert;
import io.metering.schemas.Session;
import io.metering.schemas.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The whole alert path on a real broker and database: usage records on the topology's output topics ->
 * evaluation -> stored alert, alerts topic, signed webhook POST with retries, delivery log.
 */
@QuarkusTest
@QuarkusTestResource(value = BillingTestResource.class, initArgs = @ResourceArg(name = "database-prefix", value = "entitlements"))
class AlertsIT {

    static final String SECRET = "a-secret-of-32-characters-length";

    record Received(String path, String body, String signature, Instant at) {
    }

    HttpServer receiver;
    final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final AtomicInteger flakyCalls = new AtomicInteger();

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", this::handle);
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        int status = path.equals("/flaky") && flakyCalls.incrementAndGet() == 1 ? 500 : 204;
        if (status == 204) {
            received.add(new Received(path, body, exchange.getRequestHeaders().getFirst("X-Metering-Signature"), Instant.now()));
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    @Test
    void anAlertFiresOncePerThresholdAndReachesTheTopicAndSignedWebhooks() throws Exception {
        String tenant = "alerts-it";
        String month = LocalDate.now(ZoneOffset.UTC).toString().substring(0, 7);
        product(tenant, "cad");
        manager(tenant).body("{\"id\":\"hook\",\"url\":\"" + url("/hook") + "\",\"secret\":\"" + SECRET + "\"}")
                .post("/api/v1/webhooks").then().statusCode(201);
        manager(tenant).body("{\"id\":\"flaky\",\"url\":\"" + url("/flaky") + "\",\"secret\":\"" + SECRET + "\"}")
                .post("/api/v1/webhooks").then().statusCode(201);
        manager(tenant).body("""
                {"id":"cad-seats","product":"cad","metric":"concurrent_sessions","quantity":10,"period":"month",
                 "unitPrice":"10","currency":"EUR","thresholds":[0.5,1.0]}""").post("/api/v1/entitlements").then().statusCode(201);

        // 6 of 10 seats: the 50% threshold
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Fixtures.minute(tenant, "cad", minute, 6, 6);
        Instant sent = Instant.now();
        Fixtures.send(Topics.CONSUMPTION, tenant + "/cad/" + minute.toEpochMilli(), Codecs.CONSUMPTION_MINUTE.encode(
                ConsumptionMinute.newBuilder().setTenantId(tenant).setProductId("cad").setMinute(minute)
                        .setSessions(6).setUsers(6).setLaunches(0).setActiveSeconds(0).build()));
        assertThat(Fixtures.await(Duration.ofSeconds(30), () -> alerts(tenant).size() == 1)).isTrue();
        Instant visible = Instant.now();
        Received first = received.poll(30, TimeUnit.SECONDS);
        assertThat(first).isNotNull();
        System.out.printf("alert path latency: record sent -> alert visible %d ms, -> webhook received %d ms%n",
                Duration.between(sent, visible).toMillis(), Duration.between(sent, first.at()).toMillis());

        // 11 of 10: the 100% threshold, triggered by a session record this time
        Fixtures.minute(tenant, "cad", minute, 11, 9);
        Fixtures.send(Topics.SESSIONS, tenant + "/dev-1/s-1", Codecs.SESSION.encode(Session.newBuilder()
                .setTenantId(tenant).setDeviceId("dev-1").setSessionId("s-1").setProductId("cad").setUser("alice")
                .setExecutable("cad.exe").setStartedAt(minute).setEndedAt(minute.plusSeconds(30)).setClosed(false)
                .setLaunches(1).setActiveSeconds(30).setIdleSeconds(0).setEvents(2).setVersion(1).build()));
        assertThat(Fixtures.await(Duration.ofSeconds(30), () -> alerts(tenant).size() == 2)).isTrue();

        // more usage: no alert fires twice
        Fixtures.send(Topics.CONSUMPTION, tenant + "/cad/" + minute.toEpochMilli(), Codecs.CONSUMPTION_MINUTE.encode(
                ConsumptionMinute.newBuilder().setTenantId(tenant).setProductId("cad").setMinute(minute)
                        .setSessions(11).setUsers(9).setLaunches(0).setActiveSeconds(0).build()));
        Thread.sleep(1500);
        assertThat(alerts(tenant)).hasSize(2);
        manager(tenant).get("/api/v1/alerts").then().statusCode(200)
                .body("[0].threshold", equalTo(1)).body("[0].consumed", equalTo(11)).body("[0].quantity", equalTo(10))
                .body("[0].period", equalTo(month)).body("[0].entitlement", equalTo("cad-seats"))
                .body("[0].metric", equalTo("concurrent_sessions")).body("[0].product", equalTo("cad"))
                .body("[1].threshold", equalTo(0.5f)).body("[1].consumed", equalTo(6));
        manager(tenant).queryParam("period", "1999-01").get("/api/v1/alerts").then().statusCode(200).body("", hasSize(0));
        manager(tenant).queryParam("product", "cad").queryParam("period", month).get("/api/v1/alerts")
                .then().statusCode(200).body("", hasSize(2));
        manager(tenant).queryParam("period", "November").get("/api/v1/alerts").then().statusCode(400);

        // on the alerts topic, once per threshold
        List<LicenseAlert> onTopic = Fixtures.read(Topics.LICENSE_ALERTS,
                        records -> records.stream().filter(r -> r.key().startsWith(tenant + "/")).count() >= 2,
                        Duration.ofSeconds(30)).stream()
                .filter(r -> r.key().equals(tenant + "/cad-seats")).map(r -> Codecs.LICENSE_ALERT.decode(r.value())).toList();
        assertThat(onTopic).extracting(LicenseAlert::getThreshold).containsExactlyInAnyOrder(0.5, 1.0);

        // webhooks: each alert to each hook, signed; the flaky one succeeded on a retry
        List<Received> all = new java.util.ArrayList<>(List.of(first));
        while (all.size() < 4) {
            Received r = received.poll(30, TimeUnit.SECONDS);
            assertThat(r).as("webhook POST %d", all.size() + 1).isNotNull();
            all.add(r);
        }
        for (Received r : all) {
            assertThat(r.signature()).isEqualTo("sha256=" + hmac(SECRET, r.body()));
            assertThat(JsonPath.from(r.body()).getString("entitlement")).isEqualTo("cad-seats");
        }
        assertThat(all).filteredOn(r -> r.path().equals("/hook")).hasSize(2);
        assertThat(all).filteredOn(r -> r.path().equals("/flaky")).hasSize(2);
        assertThat(Fixtures.await(Duration.ofSeconds(10), () -> manager(tenant).get("/api/v1/webhooks/flaky/deliveries")
                .then().extract().jsonPath().getList("status").stream().allMatch("DELIVERED"::equals))).isTrue();
        manager(tenant).get("/api/v1/webhooks/flaky/deliveries").then().statusCode(200)
                .body("", hasSize(2)).body("attempts.max()", equalTo(2)).body("lastStatus", org.hamcrest.Matchers.everyItem(equalTo(204)));

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("metering_alert_latency_seconds_count"))
                .body(containsString("metering_alerts_total"))
                .body(containsString("metering_webhook_deliveries_total{outcome=\"retrying\"}"))
                .body(containsString("metering_webhook_deliveries_total{outcome=\"delivered\"}"));

        // another tenant sees none of it
        manager("alerts-other").get("/api/v1/alerts").then().statusCode(200).body("", hasSize(0));
        manager("alerts-other").get("/api/v1/webhooks").then().statusCode(200).body("", hasSize(0));
        manager("alerts-other").get("/api/v1/webhooks/hook/deliveries").then().statusCode(404);
        manager("alerts-other").delete("/api/v1/webhooks/hook").then().statusCode(404);
    }

    @Test
    void anEntitlementWithoutACapNeverAlerts() throws Exception {
        String tenant = "alerts-no-cap";
        product(tenant, "viz");
        manager(tenant).body("""
                {"id":"viz-usage","product":"viz","metric":"concurrent_sessions","quantity":0,"period":"month",
                 "unitPrice":"3","currency":"EUR","pricing":"usage"}""").post("/api/v1/entitlements").then().statusCode(201);
        manager(tenant).body("""
                {"id":"viz-seat","product":"viz","metric":"concurrent_sessions","quantity":1,"period":"month",
                 "unitPrice":"3","currency":"EUR","thresholds":[1.0]}""").post("/api/v1/entitlements").then().statusCode(201);
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Fixtures.minute(tenant, "viz", minute, 2, 2);
        Fixtures.send(Topics.CONSUMPTION, tenant + "/viz/" + minute.toEpochMilli(), Codecs.CONSUMPTION_MINUTE.encode(
                ConsumptionMinute.newBuilder().setTenantId(tenant).setProductId("viz").setMinute(minute)
                        .setSessions(2).setUsers(2).setLaunches(0).setActiveSeconds(0).build()));
        // the capped entitlement alerts, which shows the product was evaluated; the uncapped one does not
        assertThat(Fixtures.await(Duration.ofSeconds(30), () -> alerts(tenant).size() == 1)).isTrue();
        Thread.sleep(1000);
        manager(tenant).get("/api/v1/alerts").then().statusCode(200)
                .body("", hasSize(1)).body("[0].entitlement", equalTo("viz-seat"));
    }

    @Test
    void webhooksAreValidatedAndTheirSecretIsNeverShown() {
        String tenant = "webhooks-crud";
        manager(tenant).body("{\"id\":\"h\",\"url\":\"ftp://x\",\"secret\":\"" + SECRET + "\"}").post("/api/v1/webhooks")
                .then().statusCode(400).body("message", org.hamcrest.Matchers.containsString("url"));
        manager(tenant).body("{\"id\":\"h\",\"url\":\"https://example.org/x\",\"secret\":\"short\"}").post("/api/v1/webhooks")
                .then().statusCode(400).body("message", org.hamcrest.Matchers.containsString("secret"));
        manager(tenant).body("{\"id\":\"h\",\"url\":\"https://example.org/x\",\"secret\":\"" + SECRET + "\"}")
                .post("/api/v1/webhooks").then().statusCode(201).body("secret", org.hamcrest.Matchers.nullValue());
        manager(tenant).body("{\"url\":\"https://example.org/y\"}").put("/api/v1/webhooks/h").then().statusCode(200)
                .body("url", equalTo("https://example.org/y"));
        manager(tenant).get("/api/v1/webhooks/h").then().statusCode(200).body("secret", org.hamcrest.Matchers.nullValue());
        Fixtures.as(tenant, "finance").get("/api/v1/webhooks").then().statusCode(403);
        manager(tenant).delete("/api/v1/webhooks/h").then().statusCode(204);
    }

    static List<Object> alerts(String tenant) {
        return manager(tenant).get("/api/v1/alerts").then().statusCode(200).extract().jsonPath().getList("$");
    }

    static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
