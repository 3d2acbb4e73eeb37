package io.metering.agent.enroll;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.config.Identity;

/**
 * {@code POST {server}/v1/enroll} with the enrollment token and the device's public key; the
 * {@code 201} answer becomes the device's {@link Identity}. Thread-safe.
 */
public final class EnrollmentClient {

    private final HttpClient http;
    private final ObjectMapper json;

    public EnrollmentClient(HttpClient http, ObjectMapper json) {
        this.http = http;
        this.json = json;
    }

    public Identity enroll(String server, String token, String publicKeyBase64, String hostname, String agentVersion)
            throws IOException, InterruptedException {
        String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        Map<String, String> body = new LinkedHashMap<>();
        body.put("token", token);
        body.put("publicKey", publicKeyBase64);
        body.put("hostname", hostname);
        body.put("agentVersion", agentVersion);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/enroll"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new EnrollmentException(response.statusCode(), response.body());
        }
        JsonNode answer = json.readTree(response.body());
        String deviceId = text(answer, "deviceId");
        String tenantId = text(answer, "tenantId");
        if (deviceId == null || tenantId == null) {
            throw new IOException("Enrollment answer lacks deviceId or tenantId: " + response.body());
        }
        return new Identity(base, deviceId, tenantId, text(answer, "clientId"), text(answer, "clientSecret"),
                text(answer, "tokenUrl"), text(answer, "ingestUrl"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The server refused the enrollment. */
    public static final class EnrollmentException extends IOException {
        private final int status;

        public EnrollmentException(int status, String body) {
            super("enrollment refused with HTTP " + status + (body == null || body.isBlank() ? "" : ": " + body));
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
