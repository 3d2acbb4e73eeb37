package io.metering.billing.costcenter;

import static io.metering.billing.alert.Fixtures.as;
import static io.metering.billing.alert.Fixtures.manager;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import org.junit.jupiter.api.Test;

import io.metering.billing.testing.BillingTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@QuarkusTestResource(value = BillingTestResource.class, initArgs = @ResourceArg(name = "database-prefix", value = "entitlements"))
class CostCentersEndpointIT {

    static void costCenter(String tenant, String id) {
        manager(tenant).body("{\"id\":\"" + id + "\",\"name\":\"" + id + " team\"}").post("/api/v1/cost-centers")
                .then().statusCode(201);
    }

    static RequestSpecification csv(String tenant, String body) {
        return manager(tenant).contentType("text/csv").body(body);
    }

    @Test
    void aLicenseManagerCreatesRenamesListsAndDeletesACostCenter() {
        String tenant = "cc-crud";
        costCenter(tenant, "cc-eng");
        manager(tenant).body("{\"name\":\"Engineering\"}").put("/api/v1/cost-centers/cc-eng").then().statusCode(200);
        as(tenant, "finance").get("/api/v1/cost-centers").then().statusCode(200)
                .body("", hasSize(1)).body("[0].name", equalTo("Engineering"));
        manager(tenant).body("{\"id\":\"cc-eng\",\"name\":\"x\"}").post("/api/v1/cost-centers").then().statusCode(409);
        manager(tenant).body("{\"id\":\"unallocated\",\"name\":\"x\"}").post("/api/v1/cost-centers").then().statusCode(400)
                .body("message", containsString("unallocated"));
        manager(tenant).delete("/api/v1/cost-centers/cc-eng").then().statusCode(204);
        manager(tenant).get("/api/v1/cost-centers/cc-eng").then().statusCode(404);
    }

    @Test
    void membersAreReplacedAndAUserBelongsToOneCostCenterOnly() {
        String tenant = "cc-members";
        costCenter(tenant, "cc-eng");
        costCenter(tenant, "cc-ops");
        manager(tenant).body("{\"users\":[\"CORP\\\\alice\",\"bob\"],\"devices\":[\"dev-17\"]}")
                .put("/api/v1/cost-centers/cc-eng/members").then().statusCode(200);
        manager(tenant).body("{\"users\":[\"bob\"],\"devices\":[]}")
                .put("/api/v1/cost-centers/cc-eng/members").then().statusCode(200);
        manager(tenant).get("/api/v1/cost-centers/cc-eng/members").then().statusCode(200)
                .body("users", hasSize(1)).body("users[0]", equalTo("bob")).body("devices", hasSize(0));
        manager(tenant).body("{\"users\":[\"bob\",\"carol\"]}").put("/api/v1/cost-centers/cc-ops/members")
                .then().statusCode(409).body("message", containsString("user:bob (in cc-eng)"));
        manager(tenant).get("/api/v1/cost-centers/cc-ops/members").then().statusCode(200).body("users", hasSize(0));
        manager(tenant).body("{\"users\":[\" \"]}").put("/api/v1/cost-centers/cc-ops/members")
                .then().statusCode(400).body("message", containsString("users[0]"));
        manager(tenant).body("{\"users\":[]}").put("/api/v1/cost-centers/cc-none/members").then().statusCode(404);
    }

    @Test
    void aCsvImportAssignsMembersAndMovesThemFromOtherCostCenters() {
        String tenant = "cc-import";
        costCenter(tenant, "cc-eng");
        costCenter(tenant, "cc-ops");
        manager(tenant).body("{\"users\":[\"alice\"]}").put("/api/v1/cost-centers/cc-ops/members").then().statusCode(200);
        csv(tenant, "costCenter,kind,member\r\ncc-eng,user,alice\r\ncc-eng,user,\"CORP\\bob, jr\"\r\ncc-ops,device,dev-1\r\n")
                .post("/api/v1/cost-centers/import").then().statusCode(200).body("members", equalTo(3));
        manager(tenant).get("/api/v1/cost-centers/cc-eng/members").then().statusCode(200)
                .body("users", hasSize(2)).body("users[0]", equalTo("CORP\\bob, jr"));
        manager(tenant).get("/api/v1/cost-centers/cc-ops/members").then().statusCode(200)
                .body("users", hasSize(0)).body("devices[0]", equalTo("dev-1"));
    }

    @Test
    void aCsvImportWithBadLinesReportsEachAndAppliesNothing() {
        String tenant = "cc-import-bad";
        costCenter(tenant, "cc-eng");
        csv(tenant, "costCenter,kind,member\ncc-eng,user,alice\ncc-eng,robot,r2\ncc-eng,user\ncc-eng,user,alice\n")
                .post("/api/v1/cost-centers/import").then().statusCode(400)
                .body("error", equalTo("invalid_import"))
                .body("lines", hasSize(3))
                .body("lines[0].line", equalTo(3)).body("lines[0].reason", containsString("kind must be user or device"))
                .body("lines[1].line", equalTo(4)).body("lines[1].reason", containsString("expected 3 fields"))
                .body("lines[2].line", equalTo(5)).body("lines[2].reason", containsString("line 2"));
        csv(tenant, "costCenter,kind,member\ncc-eng,user,alice\ncc-nope,user,bob\n")
                .post("/api/v1/cost-centers/import").then().statusCode(400)
                .body("lines[0].line", equalTo(3)).body("lines[0].reason", containsString("cc-nope"));
        csv(tenant, "who,what\n").post("/api/v1/cost-centers/import").then().statusCode(400)
                .body("lines[0].reason", containsString("header"));
        manager(tenant).get("/api/v1/cost-centers/cc-eng/members").then().statusCode(200).body("users", hasSize(0));
    }

    @Test
    void aCostCenterThatScopesAnEntitlementCannotBeDeleted() {
        String tenant = "cc-scoped";
        costCenter(tenant, "cc-eng");
        manager(tenant).body("{\"id\":\"cad\",\"name\":\"CAD\"}").post("/api/v1/products").then().statusCode(201);
        manager(tenant).body("""
                {"id":"e1","product":"cad","metric":"users","quantity":5,"period":"year","unitPrice":"1",
                 "currency":"EUR","scope":{"costCenter":"cc-eng"}}""").post("/api/v1/entitlements").then().statusCode(201);
        manager(tenant).delete("/api/v1/cost-centers/cc-eng").then().statusCode(409).body("message", containsString("e1"));
    }

    @Test
    void anotherTenantNeitherSeesNorChangesCostCenters() {
        costCenter("cc-tenant-a", "cc-eng");
        manager("cc-tenant-b").get("/api/v1/cost-centers").then().statusCode(200).body("", hasSize(0));
        manager("cc-tenant-b").body("{\"users\":[\"x\"]}").put("/api/v1/cost-centers/cc-eng/members").then().statusCode(404);
        manager("cc-tenant-b").delete("/api/v1/cost-centers/cc-eng").then().statusCode(404);
        csv("cc-tenant-b", "costCenter,kind,member\ncc-eng,user,x\n").post("/api/v1/cost-centers/import").then().statusCode(400);
        as("cc-tenant-b", "finance").body("{\"id\":\"cc-x\",\"name\":\"x\"}").post("/api/v1/cost-centers").then().statusCode(403);
    }
}
