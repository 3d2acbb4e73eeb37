package io.metering.e2e.scenario;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Posts batches to {@code POST /v1/events} at least once: every batch is retried until it gets its 202
 * (connection refused while the service restarts, 503 while Kafka is away, 401 after a token expired),
 * so the test's only source of truth is the pipeline's idempotency. Anything else is a test bug and
 * fails at once. Thread-safe.
 */
public final class IngestClient {

    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\":(\\d+)");
    private static final Pattern DUPLICATES = Pattern.compile("\"duplicates\":(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String eventsUrl;
    private final Duration giveUpAfter;
    private final LongAdder retries = new LongAdder();

    public IngestClient(String ingestUrl, Duration giveUpAfter) {
        this.eventsUrl = ingestUrl + "/v1/events";
        this.giveUpAfter = giveUpAfter;
    }

    /** What one 202 said. */
    public record Ack(int accepted, int duplicates, String body) {
    }

    public Ack postJson(TokenSource tokens, List<UsageRecord> events) {
        return postJsonBody(tokens, jsonBody(events));
    }

    /** Posts a body made by {@link #jsonBody}. */
    public Ack postJsonBody(TokenSource tokens, byte[] body) {
        return post(tokens, "application/json", body, false);
    }

    /** The JSON request body {@code {"events":[...]}} of {@code events}. */
    public static byte[] jsonBody(List<UsageRecord> events) {
        StringBuilder b = new StringBuilder(events.size() * 260 + 16).append("{\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            b.append(i == 0 ? "" : ",").append(events.get(i).toJson());
        }
        return b.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    public Ack postSigned(TokenSource tokens, byte[] signedBatch) {
        return post(tokens, "application/vnd.metering.batch+avro", gzip(signedBatch), true);
    }

    private Ack post(TokenSource tokens, String contentType, byte[] body, boolean gzipped) {
        long deadline = System.nanoTime() + giveUpAfter.toNanos();
        long backoffMs = 50;
        String last = "";
        while (System.nanoTime() < deadline) {
            String token = tokens.get();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(eventsUrl)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (gzipped) {
                request.header("Content-Encoding", "gzip");
            }
            try {
                HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                last = answer.statusCode() + " " + answer.body();
                if (answer.statusCode() == 202) {
                    return new Ack(number(ACCEPTED, answer.body()), number(DUPLICATES, answer.body()), answer.body());
                }
                if (answer.statusCode() == 401) {
                    tokens.invalidate(token);
                } else if (answer.statusCode() != 503 && answer.statusCode() != 429 && answer.statusCode() < 500) {
                    throw new AssertionError("POST /v1/events answered " + last);
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            retries.increment();
            sleep(backoffMs);
            backoffMs = Math.min(backoffMs * 2, 1000);
        }
        throw new AssertionError("POST /v1/events never got a 202 within " + giveUpAfter + "; last: " + last);
    }

    public long retries() {
        return retries.sum();
    }

    private static int number(Pattern p, String body) {
        Matcher m = p.matcher(body);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
