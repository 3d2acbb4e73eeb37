package io.metering.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.metering.local.DevApi;
import io.metering.local.LocalStack;

/**
 * The platform as ./deploy/local/run starts it (without the demo fleet), with the dev realm in a real
 * Keycloak: events go in over HTTP and come back out of the consumption API.
 */
class FullStackIT {

    static LocalStack stack;
    static String tokenEndpoint;

    @BeforeAll
    static void startTheWholePlatform() {
        stack = SharedStack.get();
        tokenEndpoint = stack.keycloak().tokenEndpoint();
    }

    @Test
    void eventsPostedOverHttpComeBackThroughTheConsumptionApi() throws Exception {
        String manager = DevApi.userToken(tokenEndpoint, "manager", "manager");
        String importer = DevApi.clientToken(tokenEndpoint, "metering-importer", "importer-secret");
        List<String> products = List.of("e2e-cad", "e2e-photo", "e2e-math");
        for (String product : products) {
            DevApi.postJson(stack.billingUrl() + "/api/v1/products", manager,
                    "{\"id\":\"" + product + "\",\"name\":\"" + product + "\",\"rules\":[{\"executable\":\"" + product + ".exe\"}]}")
                    .expect(201);
        }

        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(30));
        List<String> events = new ArrayList<>();
        for (int d = 1; d <= 3; d++) {
            String device = "e2e-dev-" + d + "-" + UUID.randomUUID();
            long seq = 1;
            for (String product : products.subList(0, d)) {
                String session = UUID.randomUUID().toString();
                events.add(event(device, seq++, "LAUNCH", start.plusSeconds(60 * seq), session, product, "user-" + d));
                events.add(event(device, seq++, "HEARTBEAT", start.plusSeconds(60 * seq), session, product, "user-" + d));
                events.add(event(device, seq++, "EXIT", start.plusSeconds(60 * seq), session, product, "user-" + d));
            }
        }
        DevApi.Answer answer = DevApi.postJson(stack.ingestUrl() + "/v1/events", importer,
                "{\"events\":[" + String.join(",", events) + "]}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(answer.body()).contains("\"accepted\":18");

        // device 1 used e2e-cad; device 2 e2e-cad and e2e-photo; device 3 all three
        awaitValue(manager, "e2e-cad", "launches", "3");
        awaitValue(manager, "e2e-cad", "devices", "3");
        awaitValue(manager, "e2e-photo", "launches", "2");
        awaitValue(manager, "e2e-math", "devices", "1");
        awaitValue(manager, "e2e-cad", "users", "3");
    }

    @Test
    void agentUploadsAreServedOverTlsWithTheLocalCa() throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(stack.certificates().trustStore())) {
            trust.load(in, io.metering.local.LocalCertificates.PASSWORD.toCharArray());
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        var client = java.net.http.HttpClient.newBuilder().sslContext(tls).build();
        var response = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(stack.ingestTlsUrl() + "/q/health/ready")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);

        var untrusting = java.net.http.HttpClient.newHttpClient();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> untrusting.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(stack.ingestTlsUrl() + "/q/health/ready")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }

    @Test
    void theServicesRefuseCallsWithoutAKeycloakToken() {
        assertThat(DevApi.get(stack.billingUrl() + "/api/v1/products", "not-a-token").status()).isEqualTo(401);
        assertThat(DevApi.postJson(stack.ingestUrl() + "/v1/events", "not-a-token", "{\"events\":[]}").status()).isEqualTo(401);
        String finance = DevApi.userToken(tokenEndpoint, "finance", "finance");
        assertThat(DevApi.postJson(stack.billingUrl() + "/api/v1/products", finance, "{\"id\":\"x\",\"name\":\"x\"}").status())
                .isEqualTo(403);
    }

    static void awaitValue(String token, String product, String metric, String expected) throws InterruptedException {
        String from = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS).toString();
        String to = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).toString();
        String url = stack.billingUrl() + "/api/v1/consumption?product=" + product + "&metric=" + metric
                + "&from=" + from + "&to=" + to;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            DevApi.Answer answer = DevApi.get(url, token);
            last = answer.body();
            if (answer.status() == 200 && last.contains("\"value\":" + expected + ",") || last.endsWith("\"value\":" + expected + "}")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(metric + " of " + product + " never became " + expected + "; last answer: " + last);
    }

    static String event(String device, long seq, String type, Instant at, String session, String product, String user) {
        return "{\"deviceId\":\"" + device + "\",\"seq\":" + seq + ",\"type\":\"" + type + "\",\"occurredAt\":\"" + at
                + "\",\"sessionId\":\"" + session + "\",\"productId\":\"" + product + "\",\"executable\":\"" + product
                + ".exe\",\"user\":\"" + user + "\",\"activeSeconds\":" + (type.equals("LAUNCH") ? 0 : 50)
                + ",\"idleSeconds\":" + (type.equals("LAUNCH") ? 0 : 10) + "}";
    }
}
