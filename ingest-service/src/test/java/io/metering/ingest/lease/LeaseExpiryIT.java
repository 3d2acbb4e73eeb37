package io.metering.ingest.lease;

import static io.metering.ingest.lease.LeaseFixtures.agent;
import static io.metering.ingest.lease.LeaseFixtures.ask;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.metering.local.testing.MeteringServiceResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(LeaseExpiryIT.ShortLeases.class)
@QuarkusTestResource(value = MeteringServiceResource.class, initArgs = @ResourceArg(name = "database-prefix", value = "ingest"))
class LeaseExpiryIT {

    /** Leases of two seconds. */
    public static class ShortLeases implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("metering.leases.ttl", "2s");
        }
    }

    @Test
    void aLeaseThatIsNotRenewedExpiresAndFreesItsSeat() throws Exception {
        LeaseFixtures.billingTables();
        String tenant = "lease-expiry";
        LeaseFixtures.device(tenant, "dev-1");
        LeaseFixtures.device(tenant, "dev-2");
        LeaseFixtures.entitlement(tenant, "e1", "cad", "concurrent_sessions", 1, "deny");
        String leaseId = ask(tenant, "dev-1", "cad", "s-1", "alice").then().statusCode(201)
                .body("ttlSeconds", equalTo(2)).extract().path("leaseId");
        ask(tenant, "dev-2", "cad", "s-2", "bob").then().statusCode(409);
        given().auth().oauth2(agent(tenant)).put("/v1/leases/" + leaseId).then().statusCode(200);
        Thread.sleep(2_500);
        given().auth().oauth2(agent(tenant)).put("/v1/leases/" + leaseId).then().statusCode(404);
        ask(tenant, "dev-2", "cad", "s-2", "bob").then().statusCode(201);
    }
}
