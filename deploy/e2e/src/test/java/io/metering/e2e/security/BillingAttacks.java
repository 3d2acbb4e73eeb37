package io.metering.e2e.security;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hostile input for the billing API (and ingest's other endpoints): injection strings in every query
 * parameter and every path parameter, and type confusion and hostile strings in every field of every
 * JSON body. Weird but legal values (a product called {@code '; DROP TABLE product; --}) may be
 * accepted. Not thread-safe: one per thread.
 */
final class BillingAttacks {

    /** A GET endpoint and its valid query parameters, one of which gets a hostile value. */
    private record Query(String path, Role role, Map<String, String> params) {
    }

    private record PathTemplate(String method, String template, Role role, String body, boolean ingest) {
    }

    private final Random random;
    private final Fixtures data;
    private final List<Query> queries;
    private final List<PathTemplate> paths;
    private int n;

    BillingAttacks(Random random, Fixtures data) {
        this.random = random;
        this.data = data;
        this.queries = List.of(
                new Query("/api/v1/consumption", Role.FINANCE, params("product", data.product, "metric", "launches",
                        "from", "2026-11-01", "to", "2026-11-02", "costCenter", data.costCenter, "granularity", "hour")),
                new Query("/api/v1/alerts", Role.LICENSE_MANAGER, params("product", data.product, "period", "2026-11", "limit", "10")),
                new Query("/api/v1/audit", Role.ADMIN, params("entity", "product", "id", data.product, "limit", "10")),
                new Query("/api/v1/entitlements", Role.FINANCE, params("product", data.product)),
                new Query("/api/v1/compliance", Role.FINANCE, params("period", "2026-11")),
                new Query("/api/v1/compliance/reharvest", Role.LICENSE_MANAGER, params("days", "30")),
                new Query("/api/v1/webhooks/" + data.webhook + "/deliveries", Role.ADMIN, params("limit", "5")),
                new Query("/api/v1/bills/2026-10/export", Role.FINANCE, params("format", "csv")));
        String product = "{\"name\":\"n\",\"rules\":[]}";
        this.paths = List.of(
                new PathTemplate("GET", "/api/v1/products/{}", Role.FINANCE, null, false),
                new PathTemplate("PUT", "/api/v1/products/{}", Role.LICENSE_MANAGER, product, false),
                new PathTemplate("DELETE", "/api/v1/products/{}", Role.LICENSE_MANAGER, null, false),
                new PathTemplate("GET", "/api/v1/entitlements/{}", Role.FINANCE, null, false),
                new PathTemplate("PUT", "/api/v1/entitlements/{}", Role.ADMIN, "{\"product\":\"" + data.product
                        + "\",\"metric\":\"launches\",\"quantity\":1,\"period\":\"month\",\"unitPrice\":\"1.00\",\"currency\":\"EUR\"}", false),
                new PathTemplate("DELETE", "/api/v1/entitlements/{}", Role.ADMIN, null, false),
                new PathTemplate("GET", "/api/v1/cost-centers/{}", Role.FINANCE, null, false),
                new PathTemplate("PUT", "/api/v1/cost-centers/{}", Role.LICENSE_MANAGER, "{\"name\":\"n\"}", false),
                new PathTemplate("DELETE", "/api/v1/cost-centers/{}", Role.LICENSE_MANAGER, null, false),
                new PathTemplate("GET", "/api/v1/cost-centers/{}/members", Role.FINANCE, null, false),
                new PathTemplate("PUT", "/api/v1/cost-centers/{}/members", Role.ADMIN, "{\"users\":[],\"devices\":[]}", false),
                new PathTemplate("GET", "/api/v1/webhooks/{}", Role.ADMIN, null, false),
                new PathTemplate("PUT", "/api/v1/webhooks/{}", Role.ADMIN, "{\"url\":\"https://hooks.invalid/x\"}", false),
                new PathTemplate("DELETE", "/api/v1/webhooks/{}", Role.ADMIN, null, false),
                new PathTemplate("GET", "/api/v1/webhooks/{}/deliveries", Role.ADMIN, null, false),
                new PathTemplate("GET", "/api/v1/bills/{}", Role.FINANCE, null, false),
                new PathTemplate("GET", "/api/v1/bills/{}/export?format=json", Role.FINANCE, null, false),
                new PathTemplate("POST", "/api/v1/bills/{}/finalize", Role.FINANCE, null, false),
                new PathTemplate("POST", "/v1/devices/{}/revoke", Role.ADMIN, null, true),
                new PathTemplate("PUT", "/v1/leases/{}", Role.AGENT, null, true),
                new PathTemplate("DELETE", "/v1/leases/{}", Role.AGENT, null, true));
    }

    /** A GET with one (sometimes two) query parameters replaced by hostile strings, or repeated. */
    Attack query() {
        Query q = queries.get(random.nextInt(queries.size()));
        Map<String, String> params = new LinkedHashMap<>(q.params());
        List<String> names = List.copyOf(params.keySet());
        for (int i = 0, k = 1 + random.nextInt(2); i < k; i++) {
            params.put(names.get(random.nextInt(names.size())), Injections.string(random));
        }
        StringBuilder url = new StringBuilder(SecurityStack.billing()).append(q.path()).append('?');
        params.forEach((k, v) -> url.append(k).append('=').append(Http.enc(v)).append('&'));
        if (random.nextInt(5) == 0) {
            url.append(names.get(0)).append('=').append(Http.enc(Injections.string(random)));
        }
        return Attack.of("query parameter", "GET", url.toString(), q.role(), null, null, true);
    }

    /** A path parameter replaced by a hostile string, percent-encoded (or raw where a URI allows it). */
    Attack path() {
        PathTemplate t = paths.get(random.nextInt(paths.size()));
        String value = Injections.string(random);
        boolean raw = random.nextInt(4) == 0 && value.length() < 200 && value.matches("([A-Za-z0-9./_-]|%[0-9A-Fa-f]{2})+");
        String encoded = raw ? value : Http.enc(value);
        String url = (t.ingest() ? SecurityStack.ingest() : SecurityStack.billing()) + t.template().replace("{}", encoded);
        return Attack.of("path parameter", t.method(), url, t.role(), t.body() == null ? null : Http.JSON,
                t.body() == null ? null : t.body().getBytes(StandardCharsets.UTF_8), true);
    }

    /** A JSON body with a field given a hostile value (or removed), on every endpoint that takes one. */
    Attack body() {
        String id = "hx-b-" + Thread.currentThread().getId() + "-" + (++n);
        int kind = random.nextInt(11);
        return switch (kind) {
            case 0, 1 -> json("POST", "/api/v1/products", Role.LICENSE_MANAGER, confuse(fields("id", q(id), "name", q("n"),
                    "vendor", q("v"), "rules", "[{\"executable\":\"x.exe\"},{\"pathGlob\":\"**/a*/b\"}]")), false);
            case 2 -> json("POST", "/api/v1/entitlements", Role.LICENSE_MANAGER, confuse(fields("id", q(id), "product", q(data.product),
                    "metric", q("launches"), "quantity", "10", "period", q("month"), "scope", "{\"costCenter\":null}",
                    "unitPrice", q("12.50"), "overagePrice", q("15.00"), "currency", q("EUR"), "thresholds", "[0.8,1.0]",
                    "enforcement", q("none"), "validFrom", q("2026-01-01"), "validTo", "null", "pricing", q("committed"))), false);
            case 3 -> json("PUT", "/api/v1/entitlements/" + data.entitlement, Role.ADMIN, confuse(fields("product", q(data.product),
                    "metric", q("launches"), "quantity", "1000000", "period", q("month"), "unitPrice", q("1.00"),
                    "currency", q("EUR"), "validFrom", q("2026-01-01"))), false);
            case 4 -> json("POST", "/api/v1/cost-centers", Role.ADMIN, confuse(fields("id", q(id), "name", q("n"))), false);
            case 5 -> json("PUT", "/api/v1/cost-centers/" + data.costCenter + "/members", Role.LICENSE_MANAGER,
                    confuse(fields("users", "[\"CORP\\\\a\"]", "devices", "[\"d-1\"]")), false);
            case 6 -> json("POST", "/api/v1/webhooks", Role.LICENSE_MANAGER, confuse(fields("id", q(id), "url",
                    q("https://hooks.invalid/" + id), "secret", q("0123456789abcdef0123"))), false);
            case 7 -> Attack.of("csv import", "POST", SecurityStack.billing() + "/api/v1/cost-centers/import", Role.ADMIN, "text/csv",
                    ("costCenter,kind,member\n" + Injections.string(random) + "," + Injections.string(random) + ","
                            + Injections.string(random) + "\n\"unterminated,user,x\n").getBytes(StandardCharsets.UTF_8), true);
            case 8 -> json("POST", "/v1/leases", Role.AGENT, confuse(fields("deviceId", q("dev-x"), "productId", q(data.seatProduct),
                    "sessionId", q(id), "user", q("u"))), true);
            case 9 -> json("POST", "/v1/enroll", Role.NONE, confuse(fields("token", q(data.enrollmentToken()), "publicKey",
                    q("MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE="), "hostname", Injections.jsonValue(random),
                    "agentVersion", Injections.jsonValue(random))), true);
            default -> random.nextBoolean()
                    ? json("POST", "/v1/enrollment-tokens", Role.ADMIN, confuse(fields("uses", "1", "ttlSeconds", "600")), true)
                    : json("POST", "/v1/enroll", Role.NONE, confuse(fields("token", q("enr_" + id), "publicKey",
                    q("MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE="), "hostname", q("h"), "agentVersion", q("1"))), true);
        };
    }

    private Attack json(String method, String path, Role role, String body, boolean ingest) {
        String base = ingest ? SecurityStack.ingest() : SecurityStack.billing();
        return Attack.of("json body " + path.replaceAll("/[a-z]{2}-[^/]*", "/{id}"), method, base + path, role, Http.JSON,
                body.getBytes(StandardCharsets.UTF_8), true);
    }

    /** The fields with one or two given a hostile value or removed; sometimes the whole body is replaced. */
    private String confuse(Map<String, String> fields) {
        if (random.nextInt(12) == 0) {
            return List.of("", "[]", "null", "1", "\"x\"", "{", "{\"a\":", "[{}]").get(random.nextInt(8));
        }
        List<String> names = List.copyOf(fields.keySet());
        for (int i = 0, k = 1 + random.nextInt(2); i < k; i++) {
            String field = names.get(random.nextInt(names.size()));
            if (random.nextInt(8) == 0) {
                fields.remove(field);
            } else {
                fields.put(field, Injections.jsonValue(random));
            }
        }
        StringBuilder b = new StringBuilder("{");
        fields.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return b.append('}').toString();
    }

    private static Map<String, String> fields(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, String> params(String... kv) {
        return fields(kv);
    }

    private static String q(String s) {
        return Injections.quoted(s);
    }
}
