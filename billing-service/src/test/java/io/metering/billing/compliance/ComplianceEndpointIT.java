package io.metering.billing.compliance;

import static io.metering.billing.alert.Fixtures.as;
import static io.metering.billing.alert.Fixtures.manager;
import static io.metering.billing.alert.Fixtures.product;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

import io.metering.billing.alert.Fixtures;
import io.metering.billing.testing.BillingTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = BillingTestResource.class, initArgs = @ResourceArg(name = "database-prefix", value = "entitlements"))
class ComplianceEndpointIT {

    static String entitlement(String id, String product, String metric, int quantity, String overage) {
        return """
                {"id":"%s","product":"%s","metric":"%s","quantity":%d,"period":"month","unitPrice":"10",
                 "overagePrice":"%s","currency":"EUR","validFrom":"2020-01-01"}""".formatted(id, product, metric, quantity, overage);
    }

    @Test
    void thePositionShowsEntitledAgainstConsumedAndTheCostOfTheShortfall() throws Exception {
        String tenant = "compliance-position";
        String month = LocalDate.now(ZoneOffset.UTC).toString().substring(0, 7);
        Instant start = LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        product(tenant, "cad");
        manager(tenant).body(entitlement("named", "cad", "users", 2, "15.00")).post("/api/v1/entitlements").then().statusCode(201);
        manager(tenant).body(entitlement("seats", "cad", "concurrent_sessions", 5, "7.25")).post("/api/v1/entitlements").then().statusCode(201);
        for (String user : new String[] {"alice", "bob", "carol"}) {
            Fixtures.session(tenant, "cad", "dev-" + user, user, start, start.plusSeconds(600), 300);
        }
        Fixtures.minute(tenant, "cad", start, 3, 3);
        Fixtures.minute(tenant, "cad", start.plus(1, ChronoUnit.MINUTES), 4, 3);

        as(tenant, "finance").queryParam("period", month).get("/api/v1/compliance").then().statusCode(200)
                .body("period", equalTo(month))
                .body("positions", hasSize(2))
                .body("positions[0].entitlement", equalTo("named"))
                .body("positions[0].quantity", equalTo(2)).body("positions[0].consumed", equalTo(3))
                .body("positions[0].over", equalTo(1)).body("positions[0].under", equalTo(0))
                .body("positions[0].status", equalTo("over")).body("positions[0].shortfallCost", equalTo("15.00"))
                .body("positions[0].peak", nullValue())
                .body("positions[1].entitlement", equalTo("seats"))
                .body("positions[1].consumed", equalTo(4)).body("positions[1].peak", equalTo(4))
                .body("positions[1].under", equalTo(1)).body("positions[1].status", equalTo("within"))
                .body("positions[1].shortfallCost", equalTo("0.00"));
        manager(tenant).queryParam("period", "1999-01").get("/api/v1/compliance").then().statusCode(200)
                .body("positions", hasSize(0));
        manager(tenant).queryParam("period", "soon").get("/api/v1/compliance").then().statusCode(400);
        manager("compliance-other").get("/api/v1/compliance").then().statusCode(200).body("positions", hasSize(0));
    }

    @Test
    void reharvestListsHoldersWithoutActiveUseForTheGivenDays() throws Exception {
        String tenant = "compliance-reharvest";
        product(tenant, "viz");
        manager(tenant).body(entitlement("per-device", "viz", "devices", 10, "0")).post("/api/v1/entitlements").then().statusCode(201);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant old = now.minus(Duration.ofDays(40));
        // dev-active: used yesterday; dev-stale: last active 40 days ago; dev-idle: a session, never active
        Fixtures.session(tenant, "viz", "dev-active", "alice", now.minus(Duration.ofDays(1)), now.minus(Duration.ofDays(1)).plusSeconds(600), 500);
        Fixtures.event(tenant, "viz", "dev-active", "alice", 1, now.minus(Duration.ofDays(1)).plusSeconds(60), 500);
        Fixtures.session(tenant, "viz", "dev-stale", "bob", old, old.plusSeconds(600), 400);
        Fixtures.event(tenant, "viz", "dev-stale", "bob", 1, old.plusSeconds(60), 400);
        Fixtures.session(tenant, "viz", "dev-idle", "carol", now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(2)).plusSeconds(600), 0);

        manager(tenant).queryParam("days", 30).get("/api/v1/compliance/reharvest").then().statusCode(200)
                .body("", hasSize(2))
                .body("[0].id", equalTo("dev-idle")).body("[0].kind", equalTo("device")).body("[0].lastActiveAt", nullValue())
                .body("[1].id", equalTo("dev-stale")).body("[1].lastActiveAt", equalTo(old.plusSeconds(600).toString()))
                .body("[1].entitlements[0]", equalTo("per-device"));
        manager(tenant).queryParam("days", 60).get("/api/v1/compliance/reharvest").then().statusCode(200)
                .body("", hasSize(1)).body("[0].id", equalTo("dev-idle"));
        manager(tenant).queryParam("days", 0).get("/api/v1/compliance/reharvest").then().statusCode(400);
        manager("reharvest-other").get("/api/v1/compliance/reharvest").then().statusCode(200).body("", hasSize(0));
    }
}
