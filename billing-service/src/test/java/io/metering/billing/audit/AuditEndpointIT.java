package io.metering.billing.audit;

import static io.metering.billing.alert.Fixtures.as;
import static io.metering.billing.alert.Fixtures.manager;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.metering.billing.testing.BillingTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = BillingTestResource.class, initArgs = @ResourceArg(name = "database-prefix", value = "entitlements"))
class AuditEndpointIT {

    static final String ENTITLEMENT = """
            {"id":"e1","product":"cad","metric":"users","quantity":5,"period":"year","unitPrice":"100",
             "currency":"EUR","validFrom":"2026-01-01"}""";

    @Test
    void everyChangeIsRecordedWithWhoWhenBeforeAndAfterNewestFirst() {
        String tenant = "audit-all";
        manager(tenant).body("{\"id\":\"cad\",\"name\":\"CAD\"}").post("/api/v1/products").then().statusCode(201);
        manager(tenant).body("{\"name\":\"CAD 2\"}").put("/api/v1/products/cad").then().statusCode(200);
        manager(tenant).body(ENTITLEMENT).post("/api/v1/entitlements").then().statusCode(201);
        manager(tenant).body(ENTITLEMENT.replace("\"100\"", "\"120\"")).put("/api/v1/entitlements/e1").then().statusCode(200);
        manager(tenant).body("{\"id\":\"cc-eng\",\"name\":\"Engineering\"}").post("/api/v1/cost-centers").then().statusCode(201);
        manager(tenant).body("{\"users\":[\"alice\"],\"devices\":[]}").put("/api/v1/cost-centers/cc-eng/members").then().statusCode(200);
        manager(tenant).body("{\"id\":\"hook\",\"url\":\"http://127.0.0.1:9/x\",\"secret\":\"0123456789abcdef\"}")
                .post("/api/v1/webhooks").then().statusCode(201);
        manager(tenant).delete("/api/v1/entitlements/e1").then().statusCode(204);

        as(tenant, "finance").get("/api/v1/audit").then().statusCode(200)
                .body("", hasSize(8))
                .body("[0].entity", equalTo("entitlement")).body("[0].action", equalTo("delete"))
                .body("[0].after", nullValue()).body("[0].actor", equalTo("license-manager-user"))
                .body("[1].entity", equalTo("webhook")).body("[1].after.secret", nullValue())
                .body("[2].entity", equalTo("cost_center_members")).body("[2].after.users[0]", equalTo("alice"))
                .body("[7].entity", equalTo("product")).body("[7].action", equalTo("create"));
        as(tenant, "admin").queryParam("entity", "entitlement").queryParam("id", "e1").get("/api/v1/audit")
                .then().statusCode(200).body("", hasSize(3))
                .body("[1].action", equalTo("update"))
                .body("[1].before.unitPrice", equalTo("100.00")).body("[1].after.unitPrice", equalTo("120.00"));
        as(tenant, "agent").get("/api/v1/audit").then().statusCode(403);
        manager("audit-other").get("/api/v1/audit").then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void aRefusedChangeLeavesNoAuditEntry() {
        String tenant = "audit-refused";
        manager(tenant).body(ENTITLEMENT).post("/api/v1/entitlements").then().statusCode(400);
        manager(tenant).get("/api/v1/audit").then().statusCode(200).body("", hasSize(0));
    }
}
