package io.metering.e2e.scenario;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final Transport transport;
    private final URI events;
    private final Duration giveUpAfter;
    private final LongAdder retries = new LongAdder();

    /** Over {@link HttpClient} (asynchronous, one selector thread for all connections). */
    public IngestClient(String ingestUrl, Duration giveUpAfter) {
        this(new AsyncTransport(), ingestUrl, giveUpAfter);
    }

    private IngestClient(Transport transport, String ingestUrl, Duration giveUpAfter) {
        this.transport = transport;
        this.events = URI.create(ingestUrl + "/v1/events");
        this.giveUpAfter = giveUpAfter;
    }

    /**
     * Over blocking {@link HttpURLConnection}s, each sending thread on a kept-alive connection of its own:
     * for a load generator that shares the machine with what it measures. {@link HttpClient}'s selector
     * thread took ~0.7 s of CPU in the first 16 s of a profiled ingest benchmark's timed window, and the C2
     * compiler ~1 s more compiling its selector loop there (twice, 2.5-2.8 s each), after a 2,000,000-event warm-up.
     * Keeps up to {@code http.maxConnections} (default 5) idle connections per server: set it to at least
     * the number of sending threads.
     */
    public static IngestClient overBlockingConnections(String ingestUrl, Duration giveUpAfter) {
        return new IngestClient(new BlockingTransport(), ingestUrl, giveUpAfter);
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
            try {
                Answer answer = transport.post(events, token, contentType, body, gzipped);
                last = answer.status() + " " + answer.body();
                if (answer.status() == 202) {
                    return new Ack(number(ACCEPTED, answer.body()), number(DUPLICATES, answer.body()), answer.body());
                }
                if (answer.status() == 401) {
                    tokens.invalidate(token);
                } else if (answer.status() != 503 && answer.status() != 429 && answer.status() < 500) {
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

    /** A status and the body as text. */
    private record Answer(int status, String body) {
    }

    /** One POST, no retries. */
    private interface Transport {
        Answer post(URI url, String token, String contentType, byte[] body, boolean gzipped)
                throws IOException, InterruptedException;
    }

    private static final class AsyncTransport implements Transport {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT).build();

        @Override
        public Answer post(URI url, String token, String contentType, byte[] body, boolean gzipped)
                throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT)
                    .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (gzipped) {
                request.header("Content-Encoding", "gzip");
            }
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(answer.statusCode(), answer.body());
        }
    }

    private static final class BlockingTransport implements Transport {
        @Override
        public Answer post(URI url, String token, String contentType, byte[] body, boolean gzipped) throws IOException {
            HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
            c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            c.setReadTimeout((int) REQUEST_TIMEOUT.toMillis());
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(body.length);
            c.setRequestProperty("Authorization", "Bearer " + token);
            c.setRequestProperty("Content-Type", contentType);
            if (gzipped) {
                c.setRequestProperty("Content-Encoding", "gzip");
            }
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
            int status = c.getResponseCode();
            // read to the end and closed, the connection goes back to the keep-alive cache
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
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
