package io.metering.e2e.security;

import java.util.UUID;

import io.metering.local.DevApi;

/**
 * The data one tenant needs so that every endpoint has something real to act on: a product, an
 * entitlement, a cost center, a webhook, an enforced seat product (for leases) and enrolled devices.
 * Ids start with a prefix, so suites sharing the stack never collide. Not thread-safe.
 */
final class Fixtures {

    final Tenant tenant;
    final String product;
    final String entitlement;
    final String costCenter;
    final String webhook;
    final String seatProduct;
    private Device uploader;
    private Device seatHolder;

    Fixtures(Tenant tenant, String prefix) {
        this.tenant = tenant;
        this.product = prefix + "-prod";
        this.entitlement = prefix + "-ent";
        this.costCenter = prefix + "-cc";
        this.webhook = prefix + "-hook";
        this.seatProduct = prefix + "-seat";
        product(product);
        entitlement(entitlement);
        costCenter(costCenter);
        webhook(webhook);
        product(seatProduct);
        create("/api/v1/entitlements", "{\"id\":\"" + prefix + "-seat-ent\",\"product\":\"" + seatProduct
                + "\",\"metric\":\"concurrent_sessions\",\"quantity\":100000,\"period\":\"month\",\"unitPrice\":\"0.00\","
                + "\"currency\":\"EUR\",\"enforcement\":\"warn\",\"validFrom\":\"2026-01-01\"}");
    }

    String product(String id) {
        return create("/api/v1/products", "{\"id\":\"" + id + "\",\"name\":\"Product " + id
                + "\",\"vendor\":\"Security suite\",\"rules\":[{\"executable\":\"" + id + ".exe\"}]}");
    }

    String entitlement(String id) {
        return create("/api/v1/entitlements", entitlement(id, product));
    }

    String costCenter(String id) {
        return create("/api/v1/cost-centers", "{\"id\":\"" + id + "\",\"name\":\"Cost center " + id + "\"}");
    }

    String webhook(String id) {
        return create("/api/v1/webhooks", webhook(id, "https://hooks.invalid/" + id));
    }

    static String entitlement(String id, String product) {
        return "{\"id\":\"" + id + "\",\"product\":\"" + product + "\",\"metric\":\"launches\",\"quantity\":1000000,"
                + "\"period\":\"month\",\"scope\":{\"costCenter\":null},\"unitPrice\":\"1.00\",\"overagePrice\":\"1.50\","
                + "\"currency\":\"EUR\",\"thresholds\":[0.8,1.0],\"enforcement\":\"none\",\"validFrom\":\"2026-01-01\",\"validTo\":null}";
    }

    static String webhook(String id, String url) {
        return "{\"id\":\"" + id + "\",\"url\":\"" + url + "\",\"secret\":\"0123456789abcdef-" + id + "\"}";
    }

    /** A fresh one-use enrollment token of the tenant. */
    String enrollmentToken() {
        return DevApi.postJson(SecurityStack.ingest() + "/v1/enrollment-tokens", tenant.token(Role.ADMIN),
                "{\"uses\":1,\"ttlSeconds\":600}").expect(201).field("token");
    }

    /** The device whose chain the suites extend with valid batches. */
    Device uploader() {
        if (uploader == null) {
            uploader = Device.enroll(tenant);
        }
        return uploader;
    }

    /** A lease request for a new session of the enforced seat product on an enrolled device. */
    String leaseRequest() {
        if (seatHolder == null) {
            seatHolder = Device.enroll(tenant);
        }
        return "{\"deviceId\":\"" + seatHolder.id() + "\",\"productId\":\"" + seatProduct + "\",\"sessionId\":\""
                + UUID.randomUUID() + "\",\"user\":\"CORP\\\\seat\"}";
    }

    /** A lease just granted to the tenant's agent. */
    String lease() {
        Http.Reply answer = Http.json("POST", SecurityStack.ingest() + "/v1/leases", tenant.token(Role.AGENT), leaseRequest());
        if (answer.status() != 201) {
            throw new IllegalStateException("No lease granted: " + answer);
        }
        return new DevApi.Answer(answer.status(), answer.body()).field("leaseId");
    }

    private String create(String path, String json) {
        Http.Reply answer = Http.json("POST", SecurityStack.billing() + path, tenant.token(Role.LICENSE_MANAGER), json);
        if (answer.status() != 201 && answer.status() != 409) {
            throw new IllegalStateException("Cannot create fixture " + path + " " + json + ": " + answer);
        }
        return KeycloakAdmin.read(json).get("id").asText();
    }
}
