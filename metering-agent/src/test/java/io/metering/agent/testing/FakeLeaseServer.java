package io.metering.agent.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the seat API of ingest-service ({@code POST/PUT/DELETE /v1/leases}) as the contract
 * describes it: seats per product, 201 granted, 409 {@code no_seat}, 200 not enforced, 404 for unknown
 * leases; {@link #offline(boolean)} answers 503 to everything. Thread-safe.
 */
public final class FakeLeaseServer implements AutoCloseable {

    /** A lease the server holds. */
    public record Lease(String id, String deviceId, String productId, String sessionId, String user) {
    }

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Integer> seats = new ConcurrentHashMap<>();
    private final Map<String, String> enforcement = new ConcurrentHashMap<>();
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean offline;

    public FakeLeaseServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/leases", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@code product} is enforced with {@code mode} (warn|deny) and has {@code count} seats. */
    public FakeLeaseServer seats(String product, String mode, int count) {
        seats.put(product, count);
        enforcement.put(product, mode);
        return this;
    }

    public void offline(boolean offline) {
        this.offline = offline;
    }

    /** Forgets every lease, as if their TTL passed while the agent was silent. */
    public void expireAll() {
        leases.clear();
    }

    public List<Lease> leases() {
        return List.copyOf(leases.values());
    }

    /** "POST cad", "PUT id", "DELETE id", in order. */
    public List<String> calls() {
        synchronized (calls) {
            return new ArrayList<>(calls);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (offline) {
                respond(exchange, 503, "{\"error\":\"unavailable\"}");
                return;
            }
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String id = path.length() > "/v1/leases/".length() ? path.substring("/v1/leases/".length()) : null;
            switch (method) {
                case "POST" -> request(exchange, json.readTree(exchange.getRequestBody()));
                case "PUT" -> {
                    calls.add("PUT " + id);
                    if (leases.containsKey(id)) {
                        respond(exchange, 200, "{\"leaseId\":\"" + id + "\",\"ttlSeconds\":120}");
                    } else {
                        respond(exchange, 404, "{\"error\":\"unknown_lease\"}");
                    }
                }
                case "DELETE" -> {
                    calls.add("DELETE " + id);
                    respond(exchange, leases.remove(id) != null ? 204 : 404, null);
                }
                default -> respond(exchange, 405, "{}");
            }
        }
    }

    private synchronized void request(HttpExchange exchange, JsonNode body) throws IOException {
        String product = body.path("productId").asText();
        calls.add("POST " + product);
        String mode = enforcement.getOrDefault(product, "none");
        if (mode.equals("none")) {
            respond(exchange, 200, "{\"granted\":true,\"enforcement\":\"none\"}");
            return;
        }
        long held = leases.values().stream().filter(l -> l.productId().equals(product)).count();
        if (held >= seats.getOrDefault(product, 0)) {
            respond(exchange, 409, "{\"error\":\"no_seat\",\"enforcement\":\"" + mode
                    + "\",\"message\":\"All " + seats.get(product) + " seats of " + product + " are in use\"}");
            return;
        }
        Lease lease = new Lease(UUID.randomUUID().toString(), body.path("deviceId").asText(), product,
                body.path("sessionId").asText(), body.path("user").asText(null));
        leases.put(lease.id(), lease);
        respond(exchange, 201, "{\"leaseId\":\"" + lease.id() + "\",\"productId\":\"" + product
                + "\",\"enforcement\":\"" + mode + "\",\"expiresAt\":\"2099-01-01T00:00:00Z\",\"ttlSeconds\":120}");
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
