package io.metering.ingest.lease;

import static io.metering.ingest.lease.LeaseFixtures.agent;
import static io.metering.ingest.lease.LeaseFixtures.ask;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.metering.local.testing.MeteringServiceResource;
import io.metering.local.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = MeteringServiceResource.class, initArgs = @ResourceArg(name = "database-prefix", value = "ingest"))
class LeaseEndpointIT {

    @BeforeAll
    static void billingTables() throws Exception {
        LeaseFixtures.billingTables();
    }

    @Test
    void aProductWithoutAnEnforcedEntitlementNeedsNoSeat() throws Exception {
        String tenant = "lease-none";
        LeaseFixtures.device(tenant, "dev-1");
        LeaseFixtures.entitlement(tenant, "e-none", "cad", "concurrent_users", 1, "none");
        LeaseFixtures.entitlement(tenant, "e-future", "cad", "concurrent_users", 1, "deny",
                LocalDate.now(ZoneOffset.UTC).plusDays(3));
        ask(tenant, "dev-1", "cad", "s-1", "alice").then().statusCode(200)
                .body("granted", equalTo(true)).body("enforcement", equalTo("none"));
    }

    @Test
    void aSeatIsGrantedRenewedAndReleased() throws Exception {
        String tenant = "lease-cycle";
        LeaseFixtures.device(tenant, "dev-1");
        LeaseFixtures.device(tenant, "dev-2");
        LeaseFixtures.entitlement(tenant, "e1", "cad", "concurrent_sessions", 1, "deny");
        Instant before = Instant.now();
        String leaseId = ask(tenant, "dev-1", "cad", "s-1", "alice").then().statusCode(201)
                .body("productId", equalTo("cad")).body("enforcement", equalTo("deny")).body("ttlSeconds", equalTo(180))
                .body("expiresAt", notNullValue()).header("Location", containsString("/v1/leases/"))
                .extract().path("leaseId");
        ask(tenant, "dev-1", "cad", "s-1", "alice").then().statusCode(201).body("leaseId", equalTo(leaseId));
        ask(tenant, "dev-2", "cad", "s-2", "bob").then().statusCode(409)
                .body("error", equalTo("no_seat")).body("enforcement", equalTo("deny"))
                .body("message", containsString("1 seats"));
        String expiresAt = given().auth().oauth2(agent(tenant)).put("/v1/leases/" + leaseId).then().statusCode(200)
                .body("leaseId", equalTo(leaseId)).extract().path("expiresAt");
        assertThat(Instant.parse(expiresAt)).isAfter(before.plusSeconds(170));
        given().auth().oauth2(agent(tenant)).delete("/v1/leases/" + leaseId).then().statusCode(204);
        given().auth().oauth2(agent(tenant)).put("/v1/leases/" + leaseId).then().statusCode(404);
        ask(tenant, "dev-2", "cad", "s-2", "bob").then().statusCode(201);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("metering_leases_total{outcome=\"granted\"}"))
                .body(containsString("metering_leases_total{outcome=\"denied\"}"))
                .body(containsString("metering_leases_total{outcome=\"renewed\"}"))
                .body(containsString("metering_leases_total{outcome=\"released\"}"))
                .body(containsString("metering_leases_total{outcome=\"expired\"}"));
    }

    @Test
    void underWarnARefusalSaysWarn() throws Exception {
        String tenant = "lease-warn";
        LeaseFixtures.device(tenant, "dev-1");
        LeaseFixtures.entitlement(tenant, "e1", "cad", "concurrent_users", 0, "warn");
        ask(tenant, "dev-1", "cad", "s-1", "alice").then().statusCode(409)
                .body("error", equalTo("no_seat")).body("enforcement", equalTo("warn"));
    }

    @Test
    void aUserWithALeaseTakesNoFurtherSeatForConcurrentUsers() throws Exception {
        String tenant = "lease-users";
        LeaseFixtures.device(tenant, "dev-1");
        LeaseFixtures.device(tenant, "dev-2");
        LeaseFixtures.entitlement(tenant, "e1", "cad", "concurrent_users", 1, "deny");
        ask(tenant, "dev-1", "cad", "s-1", "alice").then().statusCode(201);
        ask(tenant, "dev-2", "cad", "s-2", "alice").then().statusCode(201);
        ask(tenant, "dev-2", "cad", "s-3", "bob").then().statusCode(409);
    }

    @Test
    void twoHundredSimultaneousRequestsGetExactlyFiftySeats() throws Exception {
        String tenant = "lease-race";
        LeaseFixtures.device(tenant, "dev-1");
        LeaseFixtures.entitlement(tenant, "e1", "cad", "concurrent_sessions", 50, "deny");
        ExecutorService pool = Executors.newFixedThreadPool(200);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                String session = "s-" + i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return ask(tenant, "dev-1", "cad", session, "user-" + session).statusCode();
                }));
            }
            start.countDown();
            int granted = 0;
            int refused = 0;
            for (Future<Integer> f : answers) {
                int status = f.get();
                granted += status == 201 ? 1 : 0;
                refused += status == 409 ? 1 : 0;
            }
            assertThat(granted).isEqualTo(50);
            assertThat(refused).isEqualTo(150);
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = LeaseFixtures.db();
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM seat_lease WHERE tenant_id = '" + tenant + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(50);
        }
    }

    @Test
    void anotherTenantCannotUseRenewOrReleaseALease() throws Exception {
        String tenant = "lease-tenant-a";
        LeaseFixtures.device(tenant, "dev-1");
        LeaseFixtures.entitlement(tenant, "e1", "cad", "concurrent_sessions", 1, "deny");
        String leaseId = ask(tenant, "dev-1", "cad", "s-1", "alice").then().statusCode(201).extract().path("leaseId");
        ask("lease-tenant-b", "dev-1", "cad", "s-1", "alice").then().statusCode(403).body("error", equalTo("unknown_device"));
        given().auth().oauth2(agent("lease-tenant-b")).put("/v1/leases/" + leaseId).then().statusCode(404);
        given().auth().oauth2(agent("lease-tenant-b")).delete("/v1/leases/" + leaseId).then().statusCode(204);
        given().auth().oauth2(agent(tenant)).put("/v1/leases/" + leaseId).then().statusCode(200);
    }

    @Test
    void badRequestsAreRefusedWithAReason() {
        String tenant = "lease-bad";
        given().auth().oauth2(agent(tenant)).contentType(ContentType.JSON).body("{\"deviceId\":\"d\",\"productId\":\"cad\"}")
                .post("/v1/leases").then().statusCode(400).body("message", containsString("sessionId"));
        given().auth().oauth2(TestTokens.issue(tenant, "manager", "license-manager")).contentType(ContentType.JSON)
                .body("{\"deviceId\":\"d\",\"productId\":\"cad\",\"sessionId\":\"s\"}").post("/v1/leases").then().statusCode(403);
        given().auth().oauth2(agent(tenant)).put("/v1/leases/not-a-lease").then().statusCode(404);
    }

    @Test
    void thePolicyReportsEachProductsEnforcement() throws Exception {
        String tenant = "lease-policy";
        try (Connection c = LeaseFixtures.db()) {
            c.createStatement().execute("INSERT INTO product (tenant_id, id, name) VALUES ('" + tenant + "', 'cad', 'CAD'), ('"
                    + tenant + "', 'viz', 'Viz'), ('" + tenant + "', 'txt', 'Text')");
        }
        LeaseFixtures.entitlement(tenant, "e1", "cad", "concurrent_users", 5, "deny");
        LeaseFixtures.entitlement(tenant, "e2", "viz", "concurrent_sessions", 5, "warn");
        given().auth().oauth2(agent(tenant)).get("/v1/policy").then().statusCode(200)
                .body("products.find { it.id == 'cad' }.enforcement", equalTo("deny"))
                .body("products.find { it.id == 'viz' }.enforcement", equalTo("warn"))
                .body("products.find { it.id == 'txt' }.enforcement", equalTo("none"));
    }
}
