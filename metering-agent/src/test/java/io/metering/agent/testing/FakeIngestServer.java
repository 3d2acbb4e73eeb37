package io.metering.agent.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.metering.agent.upload.BatchBuilder;
import io.metering.schemas.Codecs;
import io.metering.schemas.EventBatch;
import io.metering.schemas.SignedBatch;
import io.metering.schemas.UsageEvent;

/**
 * A stand-in for ingest-service and the token endpoint: {@code POST /token}, {@code POST /v1/enroll},
 * {@code GET /v1/policy}, {@code POST /v1/events}. Events: checks headers, gunzips, verifies the
 * signature, checks the chain, answers 202 (a resent last batch gets all duplicates) unless a scripted
 * answer is queued. Thread-safe.
 */
public final class FakeIngestServer implements AutoCloseable {

    /** A scripted answer to the next events request. */
    public record Answer(int status, String body, Map<String, String> headers, boolean dropAfterStoring) {
        public static Answer of(int status) {
            return new Answer(status, "{\"error\":\"scripted\"}", Map.of(), false);
        }

        public static Answer retryAfter(int seconds) {
            return new Answer(429, "", Map.of("Retry-After", Integer.toString(seconds)), false);
        }

        /** Stores the batch but the "response is lost": 500 is answered instead of 202. */
        public static Answer lostResponse() {
            return new Answer(500, "", Map.of(), true);
        }
    }

    /** A received batch as the server saw it. */
    public record Received(EventBatch batch, byte[] encoded, String authorization, boolean duplicate) {
    }

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final Deque<Answer> script = new ArrayDeque<>();
    private final Map<Long, Answer> scriptByBatch = new java.util.HashMap<>();
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final List<EventBatch> accepted = Collections.synchronizedList(new ArrayList<>());
    private final List<String> chainErrors = Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.atomic.AtomicInteger concurrentUploads = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger maxConcurrentUploads = new java.util.concurrent.atomic.AtomicInteger();
    private final List<String> refusedChains = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final AtomicInteger enrollments = new AtomicInteger();
    private volatile long ackDelayMillis;
    private volatile String policy = "{\"version\":\"v1\",\"products\":[],\"graceSeconds\":900}";
    private volatile String validToken = "token-1";
    private byte[] lastAcceptedHash = new byte[32];
    private long lastAcceptedSeq;
    private byte[] lastAcceptedBytes;

    public FakeIngestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", this::token);
        server.createContext("/v1/enroll", this::enroll);
        server.createContext("/v1/policy", this::policy);
        server.createContext("/v1/events", this::events);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers the next upload of batch {@code batchSeq} (only that one) with {@code answer}. */
    public synchronized void answerBatch(long batchSeq, Answer answer) {
        scriptByBatch.put(batchSeq, answer);
    }

    public synchronized void enqueue(Answer... answers) {
        script.addAll(Arrays.asList(answers));
    }

    public void ackDelay(long millis) {
        this.ackDelayMillis = millis;
    }

    public void policy(String json) {
        this.policy = json;
    }

    /** Makes tokens issued so far invalid (the next events call answers 401 until a new token is fetched). */
    public void rotateTokens() {
        validToken = "token-" + (tokensIssued.get() + 1);
    }

    /** Registers a device key as enrollment would. */
    public void registerKey(String deviceId, PublicKey key) {
        keys.put(deviceId, key);
    }

    public List<Received> received() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }

    public List<EventBatch> accepted() {
        synchronized (accepted) {
            return new ArrayList<>(accepted);
        }
    }

    public List<UsageEvent> acceptedEvents() {
        List<UsageEvent> events = new ArrayList<>();
        accepted().forEach(b -> events.addAll(b.getEvents()));
        return events;
    }

    public List<String> chainErrors() {
        return new ArrayList<>(chainErrors);
    }

    public int tokensIssued() {
        return tokensIssued.get();
    }

    public int enrollments() {
        return enrollments.get();
    }

    private void token(HttpExchange exchange) throws IOException {
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!form.contains("grant_type=client_credentials") || !form.contains("client_secret=secret")) {
            respond(exchange, 401, "{\"error\":\"invalid_client\"}", Map.of());
            return;
        }
        int n = tokensIssued.incrementAndGet();
        validToken = "token-" + n;
        respond(exchange, 200, "{\"access_token\":\"token-" + n + "\",\"expires_in\":300}", Map.of());
    }

    private void enroll(HttpExchange exchange) throws IOException {
        JsonNode body = json.readTree(exchange.getRequestBody());
        if (!"enroll-me".equals(body.path("token").asText())) {
            respond(exchange, 403, "{\"error\":\"bad enrollment token\"}", Map.of());
            return;
        }
        int n = enrollments.incrementAndGet();
        String deviceId = "dev-" + n;
        try {
            keys.put(deviceId, KeyFactory.getInstance("Ed25519").generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(body.path("publicKey").asText()))));
        } catch (Exception e) {
            respond(exchange, 400, "{\"error\":\"bad key\"}", Map.of());
            return;
        }
        respond(exchange, 201, "{\"deviceId\":\"" + deviceId + "\",\"tenantId\":\"demo\",\"clientId\":\"" + deviceId
                + "\",\"clientSecret\":\"secret\",\"tokenUrl\":\"" + url() + "/token\",\"ingestUrl\":\"" + url()
                + "\"}", Map.of());
    }

    private void policy(HttpExchange exchange) throws IOException {
        if (!("Bearer " + validToken).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "", Map.of());
            return;
        }
        respond(exchange, 200, policy, Map.of());
    }

    private void events(HttpExchange exchange) throws IOException {
        maxConcurrentUploads.accumulateAndGet(concurrentUploads.incrementAndGet(), Math::max);
        try {
            eventsCounted(exchange);
        } finally {
            concurrentUploads.decrementAndGet();
        }
    }

    /** The most uploads this server was answering at the same time. */
    public int maxConcurrentUploads() {
        return maxConcurrentUploads.get();
    }

    private void eventsCounted(HttpExchange exchange) throws IOException {
        try {
            if (!"application/vnd.metering.batch+avro".equals(exchange.getRequestHeaders().getFirst("Content-Type"))
                    || !"gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                respond(exchange, 415, "{\"error\":\"bad headers\"}", Map.of());
                return;
            }
            byte[] body;
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(exchange.getRequestBody().readAllBytes()))) {
                body = in.readAllBytes();
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Answer scripted;
            long batchSeq = decode(body).getBatchSeq();
            synchronized (this) {
                scripted = scriptByBatch.containsKey(batchSeq) ? scriptByBatch.remove(batchSeq) : script.poll();
            }
            if (scripted != null && !scripted.dropAfterStoring()) {
                received.add(new Received(decode(body), bytes(body), authorization, false));
                respond(exchange, scripted.status(), scripted.body(), scripted.headers());
                return;
            }
            if (scripted == null && !("Bearer " + validToken).equals(authorization)) {
                respond(exchange, 401, "", Map.of());
                return;
            }
            String answer;
            try {
                answer = accept(body, authorization);
            } catch (ChainBroken e) {
                respond(exchange, 409, "{\"error\":\"" + e.getMessage() + "\"}", Map.of());
                return;
            }
            if (ackDelayMillis > 0) {
                Thread.sleep(ackDelayMillis);
            }
            if (scripted != null) {
                respond(exchange, scripted.status(), scripted.body(), scripted.headers());
            } else {
                respond(exchange, 202, answer, Map.of());
            }
        } catch (Exception e) {
            respond(exchange, 400, "{\"error\":\"" + e.getClass().getSimpleName() + "\"}", Map.of());
        }
    }

    private synchronized String accept(byte[] body, String authorization) throws Exception {
        SignedBatch signed = Codecs.SIGNED_BATCH.decode(body);
        byte[] encoded = array(signed.getBatch());
        PublicKey key = keys.get(signed.getDeviceId());
        if (key != null) {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(encoded);
            if (!verifier.verify(array(signed.getSignature()))) {
                throw new SecurityException("bad signature");
            }
        }
        EventBatch batch = Codecs.EVENT_BATCH.decode(encoded);
        if (lastAcceptedBytes != null && batch.getBatchSeq() == lastAcceptedSeq) {
            boolean identical = Arrays.equals(encoded, lastAcceptedBytes);
            if (!identical) {
                chainErrors.add("batch " + batch.getBatchSeq() + " resent with different bytes");
            }
            received.add(new Received(batch, encoded, authorization, true));
            return "{\"accepted\":0,\"duplicates\":" + batch.getEvents().size() + ",\"rejected\":[]}";
        }
        if (batch.getBatchSeq() <= lastAcceptedSeq) {
            refusedChains.add("batch " + batch.getBatchSeq() + " replayed after " + lastAcceptedSeq);
            throw new ChainBroken("replayed_batch");
        }
        // like ingest-service: a batch after a gap waits briefly for its predecessor, then is refused
        long deadline = System.currentTimeMillis() + 1_000;
        while (!Arrays.equals(array(batch.getPreviousHash()), lastAcceptedHash) && batch.getBatchSeq() > lastAcceptedSeq + 1
                && System.currentTimeMillis() < deadline) {
            wait(Math.max(1, deadline - System.currentTimeMillis()));
        }
        if (!Arrays.equals(array(batch.getPreviousHash()), lastAcceptedHash)) {
            refusedChains.add("batch " + batch.getBatchSeq() + " previousHash " + HexFormat.of().formatHex(
                    array(batch.getPreviousHash())) + " != " + HexFormat.of().formatHex(lastAcceptedHash));
            throw new ChainBroken("chain_broken");
        }
        notifyAll();
        lastAcceptedHash = BatchBuilder.sha256(encoded);
        lastAcceptedSeq = batch.getBatchSeq();
        lastAcceptedBytes = encoded;
        received.add(new Received(batch, encoded, authorization, false));
        accepted.add(batch);
        return "{\"accepted\":" + batch.getEvents().size() + ",\"duplicates\":0,\"rejected\":[]}";
    }

    private static EventBatch decode(byte[] signedBytes) {
        return Codecs.EVENT_BATCH.decode(array(Codecs.SIGNED_BATCH.decode(signedBytes).getBatch()));
    }

    private static byte[] bytes(byte[] signedBytes) {
        return array(Codecs.SIGNED_BATCH.decode(signedBytes).getBatch());
    }

    private static byte[] array(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    private static void respond(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    /** Batches refused because their previousHash was not the last accepted batch (also after waiting). */
    public List<String> refusedChains() {
        return List.copyOf(refusedChains);
    }

    private static final class ChainBroken extends Exception {
        ChainBroken(String code) {
            super(code);
        }
    }
}
