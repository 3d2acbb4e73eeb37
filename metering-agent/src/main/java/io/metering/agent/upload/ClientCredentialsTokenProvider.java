package io.metering.agent.upload;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * OAuth2 client credentials: {@code POST tokenUrl} with {@code grant_type=client_credentials}, refreshed
 * once 80% of its lifetime ({@code expires_in}, 300 s if absent) has passed.
 * Thread-safe: synchronized.
 */
public final class ClientCredentialsTokenProvider implements TokenProvider {

    private final HttpClient http;
    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final ObjectMapper json;
    private final Clock clock;
    private String token;
    private Instant refreshAt = Instant.MIN;

    public ClientCredentialsTokenProvider(HttpClient http, String tokenUrl, String clientId, String clientSecret,
                                          ObjectMapper json, Clock clock) {
        this.http = http;
        this.tokenUrl = URI.create(tokenUrl);
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public synchronized String token() throws IOException, InterruptedException {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(refreshAt)) {
            fetch(now);
        }
        return token;
    }

    @Override
    public synchronized void invalidate() {
        token = null;
    }

    private void fetch(Instant now) throws IOException, InterruptedException {
        String form = "grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret="
                + encode(clientSecret);
        HttpRequest request = HttpRequest.newBuilder(tokenUrl)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new TokenException("token endpoint " + tokenUrl + " answered " + response.statusCode(),
                    response.statusCode());
        }
        JsonNode body = json.readTree(response.body());
        String accessToken = body.path("access_token").asText("");
        if (accessToken.isEmpty()) {
            throw new IOException("token endpoint " + tokenUrl + " gave no access_token");
        }
        long lifetime = body.path("expires_in").asLong(300);
        token = accessToken;
        refreshAt = now.plusMillis(lifetime * 800);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    /** The token endpoint refused: with 400/401 the credentials are wrong. */
    public static final class TokenException extends IOException {
        private final int status;

        public TokenException(String message, int status) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
