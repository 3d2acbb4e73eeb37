package io.metering.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.metering.schemas.Codecs;
import io.metering.schemas.UsageEvent;

/**
 * Tenant A ({@code demo}, the dev realm's) never reads, counts or changes what belongs to tenant B
 * ({@code other}, whose users and service accounts are created in the real Keycloak at start): every
 * read and write endpoint of both services, with B's data present and identical ids where it matters.
 * Reads run first: the write test then creates namesakes of B's ids in A on purpose.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenantIsolationIT {

    static Tenant a;
    static Tenant b;
    static Fixtures aData;
    static Fixtures bData;
    static Device bDevice;
    static String bLease;
    static Instant from;
    static Instant to;
    static final String B_ALERTING = "iso-b-alerting";
    /** B's launches of its product: 5 signed by its device, 3 imported for device {@link #SHARED_DEVICE}. */
    static final long B_LAUNCHES = 8;
    static final String SHARED_DEVICE = "iso-shared-device";

    @BeforeAll
    static void bothTenantsHaveTheirData() {
        a = SecurityStack.tenant("demo");
        b = SecurityStack.tenant("other");
        aData = new Fixtures(a, "iso-a");
        bData = new Fixtures(b, "iso-b");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        from = now.minus(Duration.ofHours(2));
        to = now.plus(Duration.ofHours(1));

        aData.uploader();
        bDevice = bData.uploader();
        assertThat(bDevice.uploadNext(bDevice.launches(5, bData.product, now.minusSeconds(600))).status()).isEqualTo(202);
        StringBuilder imported = new StringBuilder("{\"events\":[");
        for (int i = 1; i <= 3; i++) {
            imported.append(i > 1 ? "," : "").append(jsonLaunch(SHARED_DEVICE, i, bData.product, now.minusSeconds(500), null));
        }
        assertThat(Http.json("POST", SecurityStack.ingest() + "/v1/events", b.token(Role.IMPORTER), imported + "]}").status())
                .isEqualTo(202);
        ok(Http.json("PUT", SecurityStack.billing() + "/api/v1/cost-centers/" + bData.costCenter + "/members",
                b.token(Role.LICENSE_MANAGER), "{\"users\":[\"CORP\\\\bob\"],\"devices\":[\"" + bDevice.id() + "\"]}"));
        // a daily cap of 1 launch that B's launches pass: B gets alerts
        ok(Http.json("POST", SecurityStack.billing() + "/api/v1/entitlements", b.token(Role.LICENSE_MANAGER),
                "{\"id\":\"" + B_ALERTING + "\",\"product\":\"" + bData.product + "\",\"metric\":\"launches\",\"quantity\":1,"
                        + "\"period\":\"day\",\"unitPrice\":\"1.00\",\"overagePrice\":\"2.00\",\"currency\":\"EUR\","
                        + "\"thresholds\":[0.8,1.0],\"validFrom\":\"2026-01-01\"}"));
        bLease = bData.lease();

        Await.consumptionIs(b, bData.product, "launches", from, to, B_LAUNCHES, Duration.ofSeconds(120));
        Await.until("an alert for tenant B", Duration.ofSeconds(90),
                () -> Http.get(SecurityStack.billing() + "/api/v1/alerts", b.token(Role.LICENSE_MANAGER)).toString(),
                () -> Http.get(SecurityStack.billing() + "/api/v1/alerts", b.token(Role.LICENSE_MANAGER)).body().contains(B_ALERTING));
    }

    @Test
    @Order(1)
    void noReadOfTenantAShowsOrCountsTenantBsData() {
        String billing = SecurityStack.billing();
        String month = YearMonth.now(ZoneOffset.UTC).toString();
        for (Role role : List.of(Role.LICENSE_MANAGER, Role.FINANCE, Role.ADMIN)) {
            String token = a.token(role);
            for (String list : List.of("/api/v1/products", "/api/v1/entitlements", "/api/v1/cost-centers", "/api/v1/alerts",
                    "/api/v1/compliance", "/api/v1/compliance/reharvest?days=1", "/api/v1/audit?limit=1000",
                    "/api/v1/bills/" + month, "/api/v1/bills/" + month + "/export?format=csv",
                    "/api/v1/bills/" + month + "/export?format=json")) {
                Http.Reply answer = Http.get(billing + list, token);
                assertThat(answer.status()).as(list + " as " + role).isEqualTo(200);
                assertThat(answer.body()).as(list + " as " + role).doesNotContain("iso-b-").doesNotContain(bDevice.id());
            }
            for (String single : List.of("/api/v1/products/" + bData.product, "/api/v1/entitlements/" + bData.entitlement,
                    "/api/v1/entitlements/" + B_ALERTING, "/api/v1/cost-centers/" + bData.costCenter,
                    "/api/v1/cost-centers/" + bData.costCenter + "/members")) {
                assertThat(Http.get(billing + single, token).status()).as(single + " as " + role).isEqualTo(404);
            }
            assertThat(Http.get(billing + "/api/v1/entitlements?product=" + bData.product, token).body()).isEqualTo("[]");
            assertThat(Http.get(billing + "/api/v1/alerts?product=" + bData.product, token).body()).isEqualTo("[]");
            assertThat(Http.get(billing + "/api/v1/audit?id=" + bData.webhook, token).body()).isEqualTo("[]");
        }
        for (Role role : List.of(Role.LICENSE_MANAGER, Role.ADMIN)) {
            String token = a.token(role);
            assertThat(Http.get(billing + "/api/v1/webhooks", token).body()).doesNotContain("iso-b-");
            assertThat(Http.get(billing + "/api/v1/webhooks/" + bData.webhook, token).status()).isEqualTo(404);
            assertThat(Http.get(billing + "/api/v1/webhooks/" + bData.webhook + "/deliveries", token).status()).isEqualTo(404);
            Http.Reply devices = Http.get(billing + "/api/v1/devices", token);
            assertThat(devices.status()).isEqualTo(200);
            assertThat(devices.body()).doesNotContain(bDevice.id());
        }
        assertThat(Await.consumption(a, bData.product, "launches", from, to, null)).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(Await.consumption(a, bData.product, "devices", from, to, null)).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(Await.consumption(a, bData.product, "launches", from, to, bData.costCenter)).isEqualByComparingTo(BigDecimal.ZERO);
        for (Role role : List.of(Role.AGENT, Role.ADMIN)) {
            Http.Reply policy = Http.get(SecurityStack.ingest() + "/v1/policy", a.token(role));
            assertThat(policy.status()).isEqualTo(200);
            assertThat(policy.body()).as("policy as " + role).doesNotContain("iso-b-");
        }
    }

    @Test
    @Order(5)
    void noWriteOfTenantAChangesTenantBsData() {
        String billing = SecurityStack.billing();
        String bProductBefore = Http.get(billing + "/api/v1/products/" + bData.product, b.token(Role.FINANCE)).body();
        String bEntitlementBefore = Http.get(billing + "/api/v1/entitlements/" + bData.entitlement, b.token(Role.FINANCE)).body();
        String bMembersBefore = Http.get(billing + "/api/v1/cost-centers/" + bData.costCenter + "/members", b.token(Role.FINANCE)).body();
        String bHookBefore = Http.get(billing + "/api/v1/webhooks/" + bData.webhook, b.token(Role.ADMIN)).body();
        for (Role role : List.of(Role.LICENSE_MANAGER, Role.ADMIN)) {
            String token = a.token(role);
            expect(Set.of(404), Http.json("PUT", billing + "/api/v1/products/" + bData.product, token,
                    "{\"name\":\"taken over\",\"rules\":[]}"), "PUT B's product as " + role);
            expect(Set.of(404), Http.send("DELETE", billing + "/api/v1/products/" + bData.product, token, null, null), "DELETE B's product");
            expect(Set.of(400, 404), Http.json("PUT", billing + "/api/v1/entitlements/" + bData.entitlement, token,
                    Fixtures.entitlement(bData.entitlement, bData.product)), "PUT B's entitlement");
            expect(Set.of(404), Http.send("DELETE", billing + "/api/v1/entitlements/" + bData.entitlement, token, null, null),
                    "DELETE B's entitlement");
            expect(Set.of(400, 404), Http.json("POST", billing + "/api/v1/entitlements", token,
                    Fixtures.entitlement("iso-a-on-b-" + role.ordinal(), bData.product)), "entitlement on B's product");
            expect(Set.of(404), Http.json("PUT", billing + "/api/v1/cost-centers/" + bData.costCenter, token,
                    "{\"name\":\"taken over\"}"), "rename B's cost center");
            expect(Set.of(404), Http.json("PUT", billing + "/api/v1/cost-centers/" + bData.costCenter + "/members", token,
                    "{\"users\":[\"CORP\\\\mallory\"],\"devices\":[]}"), "replace B's members");
            expect(Set.of(404, 409), Http.send("DELETE", billing + "/api/v1/cost-centers/" + bData.costCenter, token, null, null),
                    "DELETE B's cost center");
            expect(Set.of(200, 400, 404), Http.send("POST", billing + "/api/v1/cost-centers/import", token, "text/csv",
                    ("costCenter,kind,member\n" + bData.costCenter + ",user,CORP\\mallory\n").getBytes()), "import into B's cost center");
            expect(Set.of(404), Http.json("PUT", billing + "/api/v1/webhooks/" + bData.webhook, token,
                    Fixtures.webhook(bData.webhook, "https://attacker.invalid/")), "PUT B's webhook");
            expect(Set.of(404), Http.send("DELETE", billing + "/api/v1/webhooks/" + bData.webhook, token, null, null), "DELETE B's webhook");
        }
        // the same ids in A are A's own: creating them leaves B's alone
        expect(Set.of(201, 409), Http.json("POST", billing + "/api/v1/products", a.token(Role.LICENSE_MANAGER),
                "{\"id\":\"" + bData.product + "\",\"name\":\"A's namesake\",\"rules\":[]}"), "A's namesake product");
        expect(Set.of(201, 409), Http.json("POST", billing + "/api/v1/webhooks", a.token(Role.ADMIN),
                Fixtures.webhook(bData.webhook, "https://a.invalid/")), "A's namesake webhook");
        // finalizing A's bill leaves B's a draft
        String month = "2025-06";
        expect(Set.of(200, 409), Http.json("POST", billing + "/api/v1/bills/" + month + "/finalize", a.token(Role.FINANCE), null),
                "A finalizes " + month);
        assertThat(Http.get(billing + "/api/v1/bills/" + month, b.token(Role.FINANCE)).body()).contains("\"status\":\"DRAFT\"");

        assertThat(Http.get(billing + "/api/v1/products/" + bData.product, b.token(Role.FINANCE)).body()).isEqualTo(bProductBefore);
        assertThat(Http.get(billing + "/api/v1/entitlements/" + bData.entitlement, b.token(Role.FINANCE)).body())
                .isEqualTo(bEntitlementBefore);
        assertThat(Http.get(billing + "/api/v1/cost-centers/" + bData.costCenter + "/members", b.token(Role.FINANCE)).body())
                .isEqualTo(bMembersBefore);
        assertThat(Http.get(billing + "/api/v1/webhooks/" + bData.webhook, b.token(Role.ADMIN)).body()).isEqualTo(bHookBefore);
        assertThat(Http.get(billing + "/api/v1/audit?limit=1000", b.token(Role.ADMIN)).body()).doesNotContain("mallory")
                .doesNotContain("taken over").doesNotContain("A's namesake");
    }

    @Test
    @Order(3)
    void eventsOfTenantANeverCountForTenantB() {
        String events = SecurityStack.ingest() + "/v1/events";
        Instant at = Instant.now().minusSeconds(300);
        // naming B's tenant: every event rejected
        for (Role role : List.of(Role.IMPORTER, Role.ADMIN)) {
            Http.Reply answer = Http.json("POST", events, a.token(role), "{\"events\":[" + jsonLaunch(bDevice.id(), 900 + role.ordinal(),
                    bData.product, at, "other") + "]}");
            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.body()).contains("not the caller's tenant");
        }
        // naming B's device and product without a tenant: they are A's own events, counted for A only
        StringBuilder own = new StringBuilder("{\"events\":[");
        for (int i = 1; i <= 4; i++) {
            own.append(i > 1 ? "," : "").append(jsonLaunch(i % 2 == 0 ? bDevice.id() : SHARED_DEVICE, 100 + i, bData.product, at, null));
        }
        assertThat(Http.json("POST", events, a.token(Role.IMPORTER), own + "]}").status()).isEqualTo(202);
        // an A device signing a batch that names B's tenant, and B's own signed batch sent with A's agent token
        Device aDevice = Device.enroll(a);
        List<UsageEvent> forged = aDevice.launches(2, bData.product, at);
        forged.forEach(e -> e.setTenantId(b.id()));
        byte[] forgedBatch = Codecs.EVENT_BATCH.encode(aDevice.next(forged).setTenantId(b.id()).build());
        assertThat(aDevice.upload(aDevice.envelope(forgedBatch)).status()).isEqualTo(403);
        byte[] bBatch = Codecs.EVENT_BATCH.encode(bDevice.next(bDevice.launches(2, bData.product, at)).build());
        Http.Reply stolen = Http.send("POST", events, a.token(Role.AGENT), Http.AVRO, bDevice.envelope(bBatch));
        assertThat(stolen.status()).as(stolen.toString()).isEqualTo(403);
        assertThat(stolen.body()).contains("unknown_device");
        // B's last accepted batch replayed with A's token
        assertThat(Http.send("POST", events, a.token(Role.AGENT), Http.AVRO, bDevice.lastEnvelope()).status()).isEqualTo(403);

        Await.consumptionIs(a, bData.product, "launches", from, to, 4, Duration.ofSeconds(120));
        assertThat(Await.consumption(b, bData.product, "launches", from, to, null)).isEqualByComparingTo(BigDecimal.valueOf(B_LAUNCHES));
    }

    @Test
    @Order(4)
    void devicesLeasesAndEnrollmentTokensStayInTheirTenant() {
        String ingest = SecurityStack.ingest();
        expect(Set.of(404), Http.send("POST", ingest + "/v1/devices/" + bDevice.id() + "/revoke", a.token(Role.ADMIN), null, null),
                "A revokes B's device");
        expect(Set.of(202), bDevice.uploadNext(bDevice.launches(1, bData.seatProduct, Instant.now().minusSeconds(60))),
                "B's device still uploads");
        assertThat(Http.get(SecurityStack.billing() + "/api/v1/devices", b.token(Role.ADMIN)).body())
                .contains(bDevice.id()).doesNotContain("REVOKED");

        expect(Set.of(404), Http.send("PUT", ingest + "/v1/leases/" + bLease, a.token(Role.AGENT), null, null), "A renews B's lease");
        expect(Set.of(204, 404), Http.send("DELETE", ingest + "/v1/leases/" + bLease, a.token(Role.AGENT), null, null),
                "A releases B's lease");
        expect(Set.of(200), Http.send("PUT", ingest + "/v1/leases/" + bLease, b.token(Role.AGENT), null, null),
                "B's lease survives");
        Http.Reply seat = Http.json("POST", ingest + "/v1/leases", a.token(Role.AGENT), "{\"deviceId\":\"" + bDevice.id()
                + "\",\"productId\":\"" + bData.seatProduct + "\",\"sessionId\":\"s-1\",\"user\":\"CORP\\\\mallory\"}");
        expect(Set.of(403), seat, "A takes a seat for B's device");

        // an enrollment token of A enrolls into A, whoever presents it
        Device enrolledWithA = Device.enroll(a);
        assertThat(Http.get(SecurityStack.billing() + "/api/v1/devices", a.token(Role.ADMIN)).body()).contains(enrolledWithA.id());
        assertThat(Http.get(SecurityStack.billing() + "/api/v1/devices", b.token(Role.ADMIN)).body()).doesNotContain(enrolledWithA.id());
        Http.Reply issued = Http.json("POST", ingest + "/v1/enrollment-tokens", a.token(Role.ADMIN), "{\"uses\":1}");
        assertThat(KeycloakAdmin.read(issued.body()).get("tenantId").asText()).isEqualTo("demo");
    }

    @Test
    @Order(2)
    void tenantBSeesNothingOfTenantAEither() {
        for (Role role : List.of(Role.LICENSE_MANAGER, Role.FINANCE, Role.ADMIN)) {
            for (String list : List.of("/api/v1/products", "/api/v1/entitlements", "/api/v1/cost-centers", "/api/v1/alerts",
                    "/api/v1/audit?limit=1000", "/api/v1/compliance")) {
                Http.Reply answer = Http.get(SecurityStack.billing() + list, b.token(role));
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.body()).as(list + " as B's " + role).doesNotContain("iso-a-").doesNotContain("mx-");
            }
        }
        Set<String> aDevices = deviceIds(a);
        Set<String> bDevices = deviceIds(b);
        assertThat(aDevices).isNotEmpty();
        assertThat(bDevices).contains(bDevice.id()).noneMatch(aDevices::contains);
    }

    private static Set<String> deviceIds(Tenant tenant) {
        Set<String> ids = new java.util.HashSet<>();
        for (JsonNode device : KeycloakAdmin.read(Http.get(SecurityStack.billing() + "/api/v1/devices", tenant.token(Role.ADMIN)).body())) {
            ids.add(device.get("id").asText());
        }
        return ids;
    }

    static String jsonLaunch(String device, long seq, String product, Instant at, String tenant) {
        return "{" + (tenant == null ? "" : "\"tenantId\":\"" + tenant + "\",") + "\"deviceId\":\"" + device + "\",\"seq\":" + seq
                + ",\"type\":\"LAUNCH\",\"occurredAt\":\"" + at + "\",\"sessionId\":\"" + device + "-" + seq
                + "\",\"productId\":\"" + product + "\",\"executable\":\"" + product + ".exe\",\"user\":\"CORP\\\\u" + seq + "\"}";
    }

    private static void ok(Http.Reply answer) {
        assertThat(answer.status()).as(answer.toString()).isBetween(200, 299);
    }

    private static void expect(Set<Integer> statuses, Http.Reply answer, String what) {
        assertThat(answer.status()).as(what + ": " + answer).isIn(statuses);
    }
}
