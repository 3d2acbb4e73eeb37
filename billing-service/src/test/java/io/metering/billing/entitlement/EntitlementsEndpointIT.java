package io.metering.billing.entitlement;

import static io.metering.billing.alert.Fixtures.as;
import static io.metering.billing.alert.Fixtures.manager;
import static io.metering.billing.alert.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.metering.billing.alert.Fixtures;
import io.metering.billing.testing.BillingTestResource;
import io.metering.schemas.Codecs;
import io.metering.schemas.Enforcement;
import io.metering.schemas.Entitlement;
import io.metering.schemas.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = BillingTestResource.class, initArgs = @ResourceArg(name = "database-prefix", value = "entitlements"))
class EntitlementsEndpointIT {

    static final String AUTOCAD_SEATS = """
            {"id":"cad-seats","product":"autocad","metric":"concurrent_users","quantity":10,"period":"month",
             "scope":{"costCenter":null},"unitPrice":"12.50","overagePrice":"15.00","currency":"EUR",
             "thresholds":[0.8,1.0],"enforcement":"deny","validFrom":"2026-01-01","validTo":null}""";

    @Test
    void aLicenseManagerCreatesReadsUpdatesAndDeletesAnEntitlement() {
        String tenant = "ent-crud";
        product(tenant, "autocad");
        manager(tenant).body(AUTOCAD_SEATS).post("/api/v1/entitlements").then().statusCode(201)
                .body("id", equalTo("cad-seats")).body("unitPrice", equalTo("12.50")).body("pricing", equalTo("committed"));
        manager(tenant).get("/api/v1/entitlements/cad-seats").then().statusCode(200)
                .body("product", equalTo("autocad")).body("quantity", equalTo(10)).body("scope.costCenter", nullValue())
                .body("thresholds", hasSize(2)).body("validFrom", equalTo("2026-01-01")).body("enforcement", equalTo("deny"));
        manager(tenant).body(AUTOCAD_SEATS.replace("\"quantity\":10", "\"quantity\":12").replace("12.50", "11"))
                .put("/api/v1/entitlements/cad-seats").then().statusCode(200).body("unitPrice", equalTo("11.00"));
        as(tenant, "finance").get("/api/v1/entitlements").then().statusCode(200)
                .body("", hasSize(1)).body("[0].quantity", equalTo(12));
        manager(tenant).delete("/api/v1/entitlements/cad-seats").then().statusCode(204);
        manager(tenant).get("/api/v1/entitlements/cad-seats").then().statusCode(404).body("message", containsString("cad-seats"));
    }

    @Test
    void anIdIsGeneratedWhenTheClientGivesNone() {
        String tenant = "ent-generated";
        product(tenant, "autocad");
        manager(tenant).body(AUTOCAD_SEATS.replace("\"id\":\"cad-seats\",", "")).post("/api/v1/entitlements")
                .then().statusCode(201).body("id", notNullValue()).header("Location", containsString("/api/v1/entitlements/"));
    }

    @Test
    void invalidEntitlementsAreRefusedWithTheFieldNamed() {
        String tenant = "ent-invalid";
        product(tenant, "autocad");
        record Case(String from, String to, String message) {
        }
        for (Case c : List.of(
                new Case("\"product\":\"autocad\"", "\"product\":\"nope\"", "product 'nope' does not exist"),
                new Case("concurrent_users", "seats", "metric must be one of"),
                new Case("\"quantity\":10", "\"quantity\":-1", "quantity"),
                new Case("\"period\":\"month\"", "\"period\":\"week\"", "period must be"),
                new Case("\"currency\":\"EUR\"", "\"currency\":\"EURO\"", "currency"),
                new Case("\"unitPrice\":\"12.50\"", "\"unitPrice\":\"abc\"", "unitPrice"),
                new Case("[0.8,1.0]", "[0.8,11]", "thresholds[1]"),
                new Case("concurrent_users", "users", "needs a concurrent metric"),
                new Case("\"validTo\":null", "\"validTo\":\"2025-01-01\"", "validTo"),
                new Case("\"costCenter\":null", "\"costCenter\":\"cc-none\"", "scope.costCenter 'cc-none'"),
                new Case("\"validFrom\":\"2026-01-01\"", "\"validFrom\":\"yesterday\"", "validFrom"))) {
            manager(tenant).body(AUTOCAD_SEATS.replace(c.from(), c.to())).post("/api/v1/entitlements")
                    .then().statusCode(400).body("message", containsString(c.message()));
        }
        manager(tenant).body(AUTOCAD_SEATS).post("/api/v1/entitlements").then().statusCode(201);
        manager(tenant).body(AUTOCAD_SEATS).post("/api/v1/entitlements").then().statusCode(409);
        manager(tenant).body(AUTOCAD_SEATS).put("/api/v1/entitlements/other").then().statusCode(400)
                .body("message", containsString("differs"));
    }

    @Test
    void financeMayReadButNotChangeAndAgentsMayNotRead() {
        String tenant = "ent-roles";
        product(tenant, "autocad");
        as(tenant, "finance").body(AUTOCAD_SEATS).post("/api/v1/entitlements").then().statusCode(403);
        as(tenant, "admin").body(AUTOCAD_SEATS).post("/api/v1/entitlements").then().statusCode(201);
        as(tenant, "finance").get("/api/v1/entitlements/cad-seats").then().statusCode(200);
        as(tenant, "agent").get("/api/v1/entitlements").then().statusCode(403);
    }

    @Test
    void anotherTenantNeitherSeesNorChangesEntitlements() {
        product("ent-tenant-a", "autocad");
        manager("ent-tenant-a").body(AUTOCAD_SEATS).post("/api/v1/entitlements").then().statusCode(201);
        manager("ent-tenant-b").get("/api/v1/entitlements").then().statusCode(200).body("", hasSize(0));
        manager("ent-tenant-b").get("/api/v1/entitlements/cad-seats").then().statusCode(404);
        manager("ent-tenant-b").body(AUTOCAD_SEATS).put("/api/v1/entitlements/cad-seats").then().statusCode(404);
        manager("ent-tenant-b").delete("/api/v1/entitlements/cad-seats").then().statusCode(404);
        manager("ent-tenant-a").get("/api/v1/entitlements/cad-seats").then().statusCode(200);
    }

    @Test
    void everyChangeIsPublishedToTheCompactedTopicWithATombstoneOnDelete() {
        String tenant = "ent-topic";
        product(tenant, "autocad");
        manager(tenant).body(AUTOCAD_SEATS).post("/api/v1/entitlements").then().statusCode(201);
        manager(tenant).body(AUTOCAD_SEATS.replace("\"quantity\":10", "\"quantity\":20")).put("/api/v1/entitlements/cad-seats")
                .then().statusCode(200);
        manager(tenant).delete("/api/v1/entitlements/cad-seats").then().statusCode(204);

        List<Entitlement> published = Fixtures.read(Topics.ENTITLEMENTS, records -> mine(records, tenant).size() >= 3,
                Duration.ofSeconds(30)).stream()
                .filter(r -> r.key().equals(tenant + "/cad-seats")).map(r -> Codecs.ENTITLEMENT.decode(r.value()))
                .collect(Collectors.toList());
        assertThat(published).hasSize(3);
        assertThat(published).extracting(Entitlement::getQuantity).containsExactly(10.0, 20.0, 20.0);
        assertThat(published).extracting(Entitlement::getDeleted).containsExactly(false, false, true);
        assertThat(published.get(0).getEnforcement()).isEqualTo(Enforcement.DENY);
        assertThat(published.get(0).getValidFrom()).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(published.get(0).getUnitPrice()).isEqualTo("12.50");
    }

    private static List<ConsumerRecord<String, byte[]>> mine(List<ConsumerRecord<String, byte[]>> records, String tenant) {
        return records.stream().filter(r -> r.key() != null && r.key().startsWith(tenant + "/")).toList();
    }
}
