package io.metering.e2e.security;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The security suites' HTTP client: any method, any body, an optional bearer token, and a 10 s timeout
 * per request, so a hang is an answer of its own ({@link Reply#HANG}). Thread-safe.
 */
final class Http {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final String JSON = "application/json";
    static final String AVRO = "application/vnd.metering.batch+avro";

    private static final HttpClient CLIENT = newClient();

    private Http() {
    }

    /** An answer; status {@link #HANG} when none came within {@link #TIMEOUT}, {@link #BROKEN} when the connection failed. */
    record Reply(int status, String body, Optional<String> retryAfter, Optional<String> contentType) {
        static final int HANG = -1;
        static final int BROKEN = -2;

        boolean isJson() {
            return contentType.map(t -> t.startsWith(JSON)).orElse(false) && body.trim().startsWith("{");
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    static Reply get(String url, String token) {
        return send("GET", url, token, null, null);
    }

    static Reply json(String method, String url, String token, String body) {
        return json(CLIENT, method, url, token, body);
    }

    static Reply json(HttpClient client, String method, String url, String token, String body) {
        return send(client, method, url, token, JSON, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A client with a connection pool of its own. Traffic that must never see a failed connection uses one:
     * the shared pool also carries hostile requests, after some of which (a 413 or 414) the server closes
     * the connection, and the next request that picks it from the pool fails with "header parser received no bytes".
     */
    static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The pool every request shares unless it names a client of its own. */
    static HttpClient sharedClient() {
        return CLIENT;
    }

    static Reply send(String method, String url, String token, String contentType, byte[] body) {
        return send(CLIENT, method, url, token, contentType, body);
    }

    static Reply send(HttpClient client, String method, String url, String token, String contentType, byte[] body) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The test built an invalid URL " + url, e);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(answer.statusCode(), answer.body(), answer.headers().firstValue("Retry-After"),
                    answer.headers().firstValue("Content-Type"));
        } catch (HttpTimeoutException e) {
            return new Reply(Reply.HANG, "no answer within " + TIMEOUT.toSeconds() + " s", Optional.empty(), Optional.empty());
        } catch (IOException e) {
            return new Reply(Reply.BROKEN, e.toString(), Optional.empty(), Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Percent-encodes for a query value or a path segment (spaces as %20, so it works for both). */
    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
