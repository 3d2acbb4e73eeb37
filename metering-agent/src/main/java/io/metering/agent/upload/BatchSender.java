package io.metering.agent.upload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;

/**
 * {@code POST {api}/v1/events} with a gzip-compressed signed Avro batch. Any base URL works, so tests
 * and the lead's integration test can point it at their own server. Thread-safe.
 */
public final class BatchSender {

    public static final String CONTENT_TYPE = "application/vnd.metering.batch+avro";

    private final HttpClient http;
    private final URI eventsUri;
    private final Duration timeout;

    public BatchSender(HttpClient http, String apiBase, Duration timeout) {
        this.http = http;
        this.eventsUri = URI.create(apiBase + "/v1/events");
        this.timeout = timeout;
    }

    /**
     * Sends without waiting for the answer (compressing first, on the calling thread); the future fails
     * with an {@link IOException} when no answer came.
     */
    public CompletableFuture<SendResult> sendAsync(byte[] signedBatch, String token) {
        return http.sendAsync(request(signedBatch, token), HttpResponse.BodyHandlers.ofString())
                .thenApply(BatchSender::result);
    }

    private HttpRequest request(byte[] signedBatch, String token) {
        return HttpRequest.newBuilder(eventsUri)
                .timeout(timeout)
                .header("Content-Type", CONTENT_TYPE)
                .header("Content-Encoding", "gzip")
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(signedBatch)))
                .build();
    }

    private static SendResult result(HttpResponse<String> response) {
        return new SendResult(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"));
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
