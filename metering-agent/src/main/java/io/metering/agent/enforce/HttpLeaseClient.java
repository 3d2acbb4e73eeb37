package io.metering.agent.enforce;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.upload.TokenProvider;

/**
 * The lease API over HTTP with the agent's bearer token. No answer, a timeout, a 5xx or a 401 mean the
 * server is unavailable (the token is dropped on 401 so the next call fetches a new one). Any other
 * unexpected 4xx to a seat request is this agent's fault, not a missing seat: it is logged and the launch
 * is let through (fails open). Thread-safe.
 */
public final class HttpLeaseClient implements LeaseClient {

    private static final Logger LOG = LoggerFactory.getLogger(HttpLeaseClient.class);

    private final HttpClient http;
    private final String leasesUrl;
    private final TokenProvider tokens;
    private final ObjectMapper json;
    private final Duration timeout;

    public HttpLeaseClient(HttpClient http, String apiBase, TokenProvider tokens, ObjectMapper json, Duration timeout) {
        this.http = http;
        this.leasesUrl = apiBase + "/v1/leases";
        this.tokens = tokens;
        this.json = json;
        this.timeout = timeout;
    }

    @Override
    public LeaseAnswer request(String deviceId, String productId, String sessionId, Optional<String> user)
            throws LeaseServerUnavailable, InterruptedException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("deviceId", deviceId);
        body.put("productId", productId);
        body.put("sessionId", sessionId);
        body.put("user", user.orElse(null));
        HttpResponse<String> response = send("POST", leasesUrl, body);
        JsonNode answer = parse(response.body());
        int status = response.statusCode();
        if ((status == 201 || status == 200) && answer.hasNonNull("leaseId")) {
            return new LeaseAnswer.Granted(answer.get("leaseId").asText(),
                    Enforcement.parse(answer.path("enforcement").asText(null)),
                    Duration.ofSeconds(Math.max(1, answer.path("ttlSeconds").asLong(120))));
        }
        if (status == 200) {
            return new LeaseAnswer.NotEnforced();
        }
        if (status == 409) {
            return new LeaseAnswer.Refused(Enforcement.parse(answer.path("enforcement").asText(null)),
                    answer.path("message").asText("no seat free for " + productId));
        }
        LOG.warn("Seat request for {} answered {} ({}): letting the launch through", productId, status,
                response.body());
        return new LeaseAnswer.NotEnforced();
    }

    @Override
    public Optional<Duration> renew(String leaseId) throws LeaseServerUnavailable, InterruptedException {
        HttpResponse<String> response = send("PUT", leasesUrl + "/" + encode(leaseId), Map.of());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() / 100 != 2) {
            throw new LeaseServerUnavailable("lease renewal answered " + response.statusCode());
        }
        return Optional.of(Duration.ofSeconds(Math.max(1, parse(response.body()).path("ttlSeconds").asLong(120))));
    }

    @Override
    public void release(String leaseId) throws LeaseServerUnavailable, InterruptedException {
        HttpResponse<String> response = send("DELETE", leasesUrl + "/" + encode(leaseId), null);
        if (response.statusCode() / 100 != 2 && response.statusCode() != 404) {
            throw new LeaseServerUnavailable("lease release answered " + response.statusCode());
        }
    }

    private HttpResponse<String> send(String method, String url, Object body)
            throws LeaseServerUnavailable, InterruptedException {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout)
                    .header("Authorization", "Bearer " + tokens.token())
                    .header("Accept", "application/json");
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401) {
                tokens.invalidate();
                throw new LeaseServerUnavailable(method + " " + url + " answered 401 (token refused)");
            }
            if (response.statusCode() >= 500 || response.statusCode() == 408 || response.statusCode() == 429) {
                throw new LeaseServerUnavailable(method + " " + url + " answered " + response.statusCode());
            }
            return response;
        } catch (LeaseServerUnavailable e) {
            throw e;
        } catch (IOException e) {
            throw new LeaseServerUnavailable(method + " " + url + " failed: " + e.getMessage(), e);
        }
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
