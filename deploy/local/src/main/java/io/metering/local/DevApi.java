package io.metering.local;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal HTTP client for the platform's own APIs: tokens from Keycloak, JSON in and out as text.
 * Used by the run command to seed the demo and by end-to-end tests. Thread-safe.
 */
public final class DevApi {

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DevApi() {
    }

    /** An answer: status and body. */
    public record Answer(int status, String body) {
        public Answer expect(int expected) {
            if (status != expected) {
                throw new LocalStackException("Expected HTTP " + expected + " but got " + status + ": " + body);
            }
            return this;
        }

        /** The first string value of a top-level-ish field, e.g. {@code field("token")}. */
        public String field(String name) {
            Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(body);
            if (!m.find()) {
                throw new LocalStackException("No field " + name + " in " + body);
            }
            return m.group(1);
        }
    }

    /** A user's token by the password grant of the public {@code metering-cli} client. */
    public static String userToken(String tokenEndpoint, String user, String password) {
        return token(tokenEndpoint, "grant_type=password&client_id=metering-cli&username=" + enc(user)
                + "&password=" + enc(password));
    }

    /** A service account's token by client credentials. */
    public static String clientToken(String tokenEndpoint, String clientId, String secret) {
        return token(tokenEndpoint, "grant_type=client_credentials&client_id=" + enc(clientId)
                + "&client_secret=" + enc(secret));
    }

    public static Answer get(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET());
    }

    public static Answer postJson(String url, String token, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public static Answer putJson(String url, String token, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** True when {@code url} answers 200. */
    public static boolean isUp(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String token(String tokenEndpoint, String form) {
        Answer answer = send(HttpRequest.newBuilder(URI.create(tokenEndpoint))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))).expect(200);
        Matcher m = ACCESS_TOKEN.matcher(answer.body());
        if (!m.find()) {
            throw new LocalStackException("No access_token in " + answer.body());
        }
        return m.group(1);
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new LocalStackException("HTTP call failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
