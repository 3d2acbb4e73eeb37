package io.metering.agent.catalog;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.upload.TokenProvider;

/**
 * Fetches the catalog from {@code GET {api}/v1/policy} with the agent's bearer token.
 * Thread-safe.
 */
public final class CatalogClient {

    private final HttpClient http;
    private final URI policyUri;
    private final TokenProvider tokens;
    private final ObjectMapper json;

    public CatalogClient(HttpClient http, String apiBase, TokenProvider tokens, ObjectMapper json) {
        this.http = http;
        this.policyUri = URI.create(apiBase + "/v1/policy");
        this.tokens = tokens;
        this.json = json;
    }

    public Catalog fetch() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(policyUri)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + tokens.token())
                .header("Accept", "application/json")
                .GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 401) {
            tokens.invalidate();
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + policyUri + " answered " + response.statusCode());
        }
        return json.readValue(response.body(), Catalog.class);
    }
}
