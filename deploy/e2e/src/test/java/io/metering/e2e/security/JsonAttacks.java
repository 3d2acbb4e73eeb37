package io.metering.e2e.security;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hostile JSON imports for {@code POST /v1/events}: every field of an event given every JSON type, absurd
 * numbers and hostile strings; broken structure at the top; truncated and bit-flipped documents; deep
 * nesting; huge strings, batches and bodies; the wrong media type. Not thread-safe: one per thread.
 */
final class JsonAttacks {

    static final List<String> FIELDS = List.of("eventId", "tenantId", "deviceId", "seq", "type", "occurredAt", "sessionId",
            "productId", "executable", "user", "pid", "processStartedAt", "activeSeconds", "idleSeconds", "agentVersion",
            "attributes");
    private static final List<String> TOP_LEVEL = List.of("[]", "\"events\"", "1", "null", "{}", "{\"events\":{}}",
            "{\"events\":\"x\"}", "{\"events\":[1,2]}", "{\"events\":null}", "{\"events\":[]}", "{\"events\":[[]]}",
            "{\"events\":[null]}", "{\"events\":[{}]}", "", " ", "{\"events\":[{\"seq\":1}]", "{\"events\":[],\"events\":[{}]}");

    private final Random random;
    private final String device;
    private final String product;
    private long seq;

    JsonAttacks(Random random, String device, String product) {
        this.random = random;
        this.device = device;
        this.product = product;
    }

    Attack next() {
        int kind = random.nextInt(20);
        return switch (kind) {
            case 0, 1, 2, 3, 4, 5 -> post("json field type confusion", "{\"events\":[" + confused(1 + random.nextInt(2)) + "]}", true);
            case 6, 7 -> {
                StringBuilder b = new StringBuilder("{\"events\":[");
                int n = 2 + random.nextInt(50);
                for (int i = 0; i < n; i++) {
                    b.append(i > 0 ? "," : "").append(confused(1 + random.nextInt(3)));
                }
                yield post("json mixed batch", b.append("]}").toString(), true);
            }
            case 8, 9 -> post("json top-level confusion", TOP_LEVEL.get(random.nextInt(TOP_LEVEL.size())), false);
            case 10, 11 -> {
                String valid = "{\"events\":[" + event(Map.of()) + "]}";
                yield post("json truncated", valid.substring(0, random.nextInt(valid.length())), false);
            }
            case 12, 13 -> {
                byte[] valid = ("{\"events\":[" + event(Map.of()) + "]}").getBytes(StandardCharsets.UTF_8);
                for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                    int at = random.nextInt(valid.length * 8);
                    valid[at / 8] ^= (byte) (1 << (at % 8));
                }
                yield Attack.of("json bit-flipped", "POST", url(), Role.IMPORTER, Http.JSON, valid, true);
            }
            case 14 -> {
                int depth = 100 + random.nextInt(5000);
                yield post("json deep nesting", "{\"events\":[" + "[".repeat(depth) + "]".repeat(depth) + "]}", false);
            }
            case 15 -> post("json huge strings", "{\"events\":[" + event(Map.of(FIELDS.get(2 + random.nextInt(7)),
                    "\"" + "x".repeat(100_000 + random.nextInt(900_000)) + "\"")) + "]}", false);
            case 16 -> random.nextInt(8) == 0 ? hugeBatch() : post("json wrong tenant", "{\"events\":[" + event(Map.of("tenantId",
                    Injections.quoted(random.nextBoolean() ? "demo" : Injections.string(random)))) + "]}", true);
            case 17 -> Attack.of("json wrong media type", "POST", url(), Role.IMPORTER,
                    new String[] {"text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data",
                            "application/json; charset=ebcdic"}[random.nextInt(5)],
                    ("{\"events\":[" + event(Map.of()) + "]}").getBytes(StandardCharsets.UTF_8), true);
            case 18 -> Attack.of("json unicode and NUL", "POST", url(), Role.IMPORTER, Http.JSON,
                    ("{\"events\":[" + event(Map.of(FIELDS.get(2 + random.nextInt(7)), "\"a\\u0000b\\ud800\\u202e\\uffff\""))
                            + "]}").getBytes(StandardCharsets.UTF_8), true);
            default -> Attack.of("json invalid utf-8", "POST", url(), Role.IMPORTER, Http.JSON,
                    concat(("{\"events\":[{\"deviceId\":\"").getBytes(StandardCharsets.UTF_8),
                            new byte[] {(byte) 0xC0, (byte) 0xAF, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80},
                            "\"}]}".getBytes(StandardCharsets.UTF_8)), false);
        };
    }

    /** 10,001 events (413), or a body past the 4 MB limit (413). */
    private Attack hugeBatch() {
        if (random.nextBoolean()) {
            StringBuilder b = new StringBuilder(2_500_000).append("{\"events\":[");
            for (int i = 0; i < 10_001; i++) {
                b.append(i > 0 ? "," : "").append("{\"deviceId\":\"d\",\"seq\":").append(i + 1).append('}');
            }
            return post("json 10001 events", b.append("]}").toString(), false);
        }
        return post("json body over 4 MB", "{\"events\":[" + event(Map.of("executable", "\"" + "x".repeat(5 * 1024 * 1024) + "\"")) + "]}",
                false);
    }

    /** An event with {@code n} fields given a hostile value or removed. */
    private String confused(int n) {
        Map<String, String> changes = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String field = FIELDS.get(random.nextInt(FIELDS.size()));
            changes.put(field, random.nextInt(8) == 0 ? null : Injections.jsonValue(random));
        }
        return event(changes);
    }

    /** A valid event of this thread's device, with {@code changes} (a null value removes the field). */
    private String event(Map<String, String> changes) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("deviceId", Injections.quoted(device));
        fields.put("seq", String.valueOf(++seq));
        fields.put("type", "\"HEARTBEAT\"");
        fields.put("occurredAt", "\"" + Instant.now().minusSeconds(60) + "\"");
        fields.put("sessionId", "\"" + device + "-" + seq + "\"");
        fields.put("productId", "\"" + product + "\"");
        fields.put("executable", "\"tool.exe\"");
        fields.put("user", "\"CORP\\\\hostile\"");
        fields.put("pid", "42");
        fields.put("activeSeconds", "10");
        fields.put("idleSeconds", "5");
        fields.put("agentVersion", "\"1.0\"");
        fields.put("attributes", "{\"k\":\"v\"}");
        changes.forEach((k, v) -> {
            if (v == null) {
                fields.remove(k);
            } else {
                fields.put(k, v);
            }
        });
        StringBuilder b = new StringBuilder("{");
        fields.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return b.append('}').toString();
    }

    private Attack post(String category, String body, boolean mayBeValid) {
        return Attack.of(category, "POST", url(), random.nextInt(4) == 0 ? Role.ADMIN : Role.IMPORTER, Http.JSON,
                body.getBytes(StandardCharsets.UTF_8), mayBeValid);
    }

    private static String url() {
        return SecurityStack.ingest() + "/v1/events";
    }

    private static byte[] concat(byte[]... parts) {
        byte[] all = new byte[0];
        for (byte[] p : parts) {
            int at = all.length;
            all = Arrays.copyOf(all, at + p.length);
            System.arraycopy(p, 0, all, at, p.length);
        }
        return all;
    }
}
