package io.metering.e2e.security;

import static io.metering.e2e.security.Role.ADMIN;
import static io.metering.e2e.security.Role.AGENT;
import static io.metering.e2e.security.Role.FINANCE;
import static io.metering.e2e.security.Role.IMPORTER;
import static io.metering.e2e.security.Role.LICENSE_MANAGER;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.metering.schemas.Codecs;

/**
 * Who may call what (DESIGN.md section 8): every endpoint of both services, the roles allowed on it
 * (read from the resources' {@code @RolesAllowed}), the answers an allowed caller gets, and how to build
 * a real request for it. Anything not allowed must be 401 without a token and 403 with one.
 * {@link AuthorizationMatrixIT} fails when either service has an endpoint this table does not list.
 */
final class AuthorizationMatrix {

    static final Set<Role> PEOPLE = EnumSet.of(LICENSE_MANAGER, FINANCE, ADMIN);
    static final Set<Role> CATALOG_WRITERS = EnumSet.of(LICENSE_MANAGER, ADMIN);

    /** One request, and what to do with its answer (e.g. move a device's chain on). */
    record Call(String url, String contentType, byte[] body, Consumer<Http.Reply> after) {
        static Call of(String url) {
            return new Call(url, null, null, r -> { });
        }

        static Call json(String url, String body) {
            return new Call(url, Http.JSON, body.getBytes(StandardCharsets.UTF_8), r -> { });
        }
    }

    /**
     * One endpoint: service, method and OpenAPI path; a variant where one path serves two media types;
     * the roles allowed; the statuses an allowed caller may get; a fresh request per caller.
     */
    record Row(String service, String method, String path, String variant, Set<Role> allowed, Set<Integer> ok,
               Supplier<Call> call) {
        String key() {
            return service + " " + method + " " + path;
        }

        String label() {
            return method + " " + path + (variant.isEmpty() ? "" : " (" + variant + ")");
        }
    }

    private final Tenant demo;
    private final Fixtures fixtures;
    private final AtomicInteger n = new AtomicInteger();

    AuthorizationMatrix(Tenant demo, Fixtures fixtures) {
        this.demo = demo;
        this.fixtures = fixtures;
    }

    List<Row> rows() {
        String b = SecurityStack.billing();
        String i = SecurityStack.ingest();
        List<Row> rows = new ArrayList<>();
        // billing: catalog
        rows.add(billing("GET", "/api/v1/products", PEOPLE, 200, () -> Call.of(b + "/api/v1/products")));
        rows.add(billing("POST", "/api/v1/products", CATALOG_WRITERS, 201,
                () -> Call.json(b + "/api/v1/products", product("mx-p-" + n.incrementAndGet()))));
        rows.add(billing("GET", "/api/v1/products/{id}", PEOPLE, 200, () -> Call.of(b + "/api/v1/products/" + fixtures.product)));
        rows.add(billing("PUT", "/api/v1/products/{id}", CATALOG_WRITERS, 200,
                () -> Call.json(b + "/api/v1/products/" + fixtures.product, product(fixtures.product))));
        rows.add(billing("DELETE", "/api/v1/products/{id}", CATALOG_WRITERS, 204,
                () -> Call.of(b + "/api/v1/products/" + fixtures.product("mx-pd-" + n.incrementAndGet()))));
        rows.add(billing("GET", "/api/v1/entitlements", PEOPLE, 200, () -> Call.of(b + "/api/v1/entitlements")));
        rows.add(billing("POST", "/api/v1/entitlements", CATALOG_WRITERS, 201,
                () -> Call.json(b + "/api/v1/entitlements", Fixtures.entitlement("mx-e-" + n.incrementAndGet(), fixtures.product))));
        rows.add(billing("GET", "/api/v1/entitlements/{id}", PEOPLE, 200,
                () -> Call.of(b + "/api/v1/entitlements/" + fixtures.entitlement)));
        rows.add(billing("PUT", "/api/v1/entitlements/{id}", CATALOG_WRITERS, 200,
                () -> Call.json(b + "/api/v1/entitlements/" + fixtures.entitlement, Fixtures.entitlement(fixtures.entitlement, fixtures.product))));
        rows.add(billing("DELETE", "/api/v1/entitlements/{id}", CATALOG_WRITERS, 204,
                () -> Call.of(b + "/api/v1/entitlements/" + fixtures.entitlement("mx-ed-" + n.incrementAndGet()))));
        // billing: cost centers
        rows.add(billing("GET", "/api/v1/cost-centers", PEOPLE, 200, () -> Call.of(b + "/api/v1/cost-centers")));
        rows.add(billing("POST", "/api/v1/cost-centers", CATALOG_WRITERS, 201,
                () -> Call.json(b + "/api/v1/cost-centers", "{\"id\":\"mx-cc-" + n.incrementAndGet() + "\",\"name\":\"Matrix\"}")));
        rows.add(billing("GET", "/api/v1/cost-centers/{id}", PEOPLE, 200, () -> Call.of(b + "/api/v1/cost-centers/" + fixtures.costCenter)));
        rows.add(billing("PUT", "/api/v1/cost-centers/{id}", CATALOG_WRITERS, 200,
                () -> Call.json(b + "/api/v1/cost-centers/" + fixtures.costCenter, "{\"name\":\"Matrix renamed\"}")));
        rows.add(billing("DELETE", "/api/v1/cost-centers/{id}", CATALOG_WRITERS, 204,
                () -> Call.of(b + "/api/v1/cost-centers/" + fixtures.costCenter("mx-ccd-" + n.incrementAndGet()))));
        rows.add(billing("GET", "/api/v1/cost-centers/{id}/members", PEOPLE, 200,
                () -> Call.of(b + "/api/v1/cost-centers/" + fixtures.costCenter + "/members")));
        rows.add(billing("PUT", "/api/v1/cost-centers/{id}/members", CATALOG_WRITERS, 200,
                () -> Call.json(b + "/api/v1/cost-centers/" + fixtures.costCenter + "/members",
                        "{\"users\":[\"CORP\\\\matrix\"],\"devices\":[\"mx-device\"]}")));
        rows.add(billing("POST", "/api/v1/cost-centers/import", CATALOG_WRITERS, 200,
                () -> new Call(b + "/api/v1/cost-centers/import", "text/csv",
                        ("costCenter,kind,member\n" + fixtures.costCenter + ",user,CORP\\matrix-" + n.incrementAndGet() + "\n")
                                .getBytes(StandardCharsets.UTF_8), r -> { })));
        // billing: webhooks (secrets: license managers and admins only)
        rows.add(billing("GET", "/api/v1/webhooks", CATALOG_WRITERS, 200, () -> Call.of(b + "/api/v1/webhooks")));
        rows.add(billing("POST", "/api/v1/webhooks", CATALOG_WRITERS, 201,
                () -> Call.json(b + "/api/v1/webhooks", Fixtures.webhook("mx-h-" + n.incrementAndGet(), "https://hooks.invalid/new"))));
        rows.add(billing("GET", "/api/v1/webhooks/{id}", CATALOG_WRITERS, 200, () -> Call.of(b + "/api/v1/webhooks/" + fixtures.webhook)));
        rows.add(billing("PUT", "/api/v1/webhooks/{id}", CATALOG_WRITERS, 200,
                () -> Call.json(b + "/api/v1/webhooks/" + fixtures.webhook, Fixtures.webhook(fixtures.webhook, "https://hooks.invalid/changed"))));
        rows.add(billing("DELETE", "/api/v1/webhooks/{id}", CATALOG_WRITERS, 204,
                () -> Call.of(b + "/api/v1/webhooks/" + fixtures.webhook("mx-hd-" + n.incrementAndGet()))));
        rows.add(billing("GET", "/api/v1/webhooks/{id}/deliveries", CATALOG_WRITERS, 200,
                () -> Call.of(b + "/api/v1/webhooks/" + fixtures.webhook + "/deliveries")));
        // billing: what was consumed, compliance, alerts, audit, devices, bills
        rows.add(billing("GET", "/api/v1/consumption", PEOPLE, 200, () -> Call.of(b + "/api/v1/consumption?product="
                + fixtures.product + "&metric=launches&from=2026-11-01&to=2026-11-02&granularity=hour")));
        rows.add(billing("GET", "/api/v1/compliance", PEOPLE, 200, () -> Call.of(b + "/api/v1/compliance?period=2026-11")));
        rows.add(billing("GET", "/api/v1/compliance/reharvest", PEOPLE, 200, () -> Call.of(b + "/api/v1/compliance/reharvest?days=30")));
        rows.add(billing("GET", "/api/v1/alerts", PEOPLE, 200, () -> Call.of(b + "/api/v1/alerts?limit=10")));
        rows.add(billing("GET", "/api/v1/audit", PEOPLE, 200, () -> Call.of(b + "/api/v1/audit?limit=10")));
        rows.add(billing("GET", "/api/v1/devices", EnumSet.of(LICENSE_MANAGER, ADMIN), 200, () -> Call.of(b + "/api/v1/devices")));
        rows.add(billing("GET", "/api/v1/bills/{period}", PEOPLE, 200, () -> Call.of(b + "/api/v1/bills/2026-10")));
        rows.add(billing("GET", "/api/v1/bills/{period}/export", PEOPLE, 200, () -> Call.of(b + "/api/v1/bills/2026-10/export?format=csv")));
        // 409 once the month is finalized: each allowed caller finalizes its own old month, the second try of it is 409
        rows.add(new Row("billing", "POST", "/api/v1/bills/{period}/finalize", "", EnumSet.of(FINANCE, ADMIN), Set.of(200, 409),
                () -> Call.of(b + "/api/v1/bills/2024-" + String.format("%02d", 1 + n.incrementAndGet() % 12) + "/finalize")));
        // public: where the web console logs in (issuer and public client id)
        rows.add(new Row("billing", "GET", "/console/config", "", EnumSet.allOf(Role.class), Set.of(200),
                () -> Call.of(b + "/console/config")));
        // ingest
        rows.add(new Row("ingest", "POST", "/v1/events", "signed Avro batch", EnumSet.of(AGENT), Set.of(202), () -> {
            Device device = fixtures.uploader();
            byte[] batch = Codecs.EVENT_BATCH.encode(device.next(device.launches(1, fixtures.product, Instant.now())).build());
            byte[] envelope = device.envelope(batch);
            return new Call(i + "/v1/events", Http.AVRO, envelope, r -> {
                if (r.status() == 202) {
                    device.accepted(batch, envelope);
                }
            });
        }));
        rows.add(new Row("ingest", "POST", "/v1/events", "JSON import", EnumSet.of(IMPORTER, ADMIN), Set.of(202),
                () -> Call.json(i + "/v1/events", "{\"events\":[{\"deviceId\":\"mx-imported\",\"seq\":" + n.incrementAndGet()
                        + ",\"type\":\"LAUNCH\",\"occurredAt\":\"" + Instant.now().minusSeconds(60) + "\",\"sessionId\":\"mx-" + n.get()
                        + "\",\"productId\":\"" + fixtures.product + "\",\"executable\":\"mx.exe\"}]}")));
        rows.add(new Row("ingest", "POST", "/v1/enrollment-tokens", "", EnumSet.of(ADMIN), Set.of(201),
                () -> Call.json(i + "/v1/enrollment-tokens", "{\"uses\":1,\"ttlSeconds\":600}")));
        // public: the enrollment token is the credential
        rows.add(new Row("ingest", "POST", "/v1/enroll", "", EnumSet.allOf(Role.class), Set.of(201),
                () -> Call.json(i + "/v1/enroll", "{\"token\":\"" + fixtures.enrollmentToken()
                        + "\",\"publicKey\":\"MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\",\"hostname\":\"matrix\"}")));
        rows.add(new Row("ingest", "POST", "/v1/devices/{id}/revoke", "", EnumSet.of(ADMIN), Set.of(204),
                () -> Call.of(i + "/v1/devices/" + Device.enroll(demo).id() + "/revoke")));
        rows.add(new Row("ingest", "GET", "/v1/policy", "", EnumSet.of(AGENT, ADMIN), Set.of(200), () -> Call.of(i + "/v1/policy")));
        rows.add(new Row("ingest", "POST", "/v1/leases", "", EnumSet.of(AGENT), Set.of(201),
                () -> Call.json(i + "/v1/leases", fixtures.leaseRequest())));
        rows.add(new Row("ingest", "PUT", "/v1/leases/{id}", "", EnumSet.of(AGENT), Set.of(200),
                () -> Call.of(i + "/v1/leases/" + fixtures.lease())));
        rows.add(new Row("ingest", "DELETE", "/v1/leases/{id}", "", EnumSet.of(AGENT), Set.of(204),
                () -> Call.of(i + "/v1/leases/" + fixtures.lease())));
        return rows;
    }

    private static Row billing(String method, String path, Set<Role> allowed, int ok, Supplier<Call> call) {
        return new Row("billing", method, path, "", allowed, Set.of(ok), call);
    }

    private static String product(String id) {
        return "{\"id\":\"" + id + "\",\"name\":\"Matrix " + id + "\",\"vendor\":\"Security suite\",\"rules\":[{\"executable\":\"" + id + ".exe\"}]}";
    }

}
