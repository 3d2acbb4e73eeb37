package io.metering.billing.product;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import org.junit.jupiter.api.Test;

import io.metering.billing.testing.BillingTestResource;
import io.metering.local.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = BillingTestResource.class, initArgs = @ResourceArg(name = "database-prefix", value = "billing"))
class ProductsEndpointIT {

    static final String AUTOCAD = """
            {"id":"autocad","name":"AutoCAD","vendor":"Autodesk",
             "rules":[{"executable":"acad.exe"},{"pathGlob":"**/AutoCAD*/acad"}]}""";

    static String manager(String tenant) {
        return TestTokens.issue(tenant, "manager", "license-manager");
    }

    @Test
    void aLicenseManagerCreatesReadsUpdatesAndDeletesAProduct() {
        String token = manager("products-crud");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(AUTOCAD)
                .when().post("/api/v1/products").then().statusCode(201).body("id", equalTo("autocad"));
        given().auth().oauth2(token).when().get("/api/v1/products/autocad")
                .then().statusCode(200).body("rules", hasSize(2)).body("rules[1].pathGlob", equalTo("**/AutoCAD*/acad"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"name\":\"AutoCAD LT\",\"rules\":[{\"executable\":\"acadlt.exe\"}]}")
                .when().put("/api/v1/products/autocad").then().statusCode(200).body("name", equalTo("AutoCAD LT"));
        given().auth().oauth2(token).when().get("/api/v1/products").then().statusCode(200)
                .body("", hasSize(1)).body("[0].rules[0].executable", equalTo("acadlt.exe"));
        given().auth().oauth2(token).when().delete("/api/v1/products/autocad").then().statusCode(204);
        given().auth().oauth2(token).when().get("/api/v1/products/autocad").then().statusCode(404)
                .body("message", containsString("autocad"));
    }

    @Test
    void creatingAProductTwiceIsAConflict() {
        String token = manager("products-conflict");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(AUTOCAD).post("/api/v1/products").then().statusCode(201);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(AUTOCAD).post("/api/v1/products")
                .then().statusCode(409).body("error", equalTo("conflict"));
    }

    @Test
    void invalidProductsAreRefusedWithTheFieldNamed() {
        String token = manager("products-invalid");
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"id\":\"Bad Id!\",\"name\":\"x\"}")
                .post("/api/v1/products").then().statusCode(400).body("message", containsString("id must be"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"id\":\"x\",\"name\":\"X\",\"rules\":[{\"regex\":\"([\"}]}")
                .post("/api/v1/products").then().statusCode(400).body("message", containsString("rules[0].regex"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"id\":\"x\",\"name\":\"X\",\"rules\":[{}]}")
                .post("/api/v1/products").then().statusCode(400).body("message", containsString("rules[0] needs"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"id\": 12, \"name\": [}")
                .post("/api/v1/products").then().statusCode(400).body("error", equalTo("malformed_json"));
    }

    @Test
    void productsOfAnotherTenantAreInvisible() {
        given().auth().oauth2(manager("tenant-a")).contentType(ContentType.JSON).body(AUTOCAD)
                .post("/api/v1/products").then().statusCode(201);
        given().auth().oauth2(manager("tenant-b")).get("/api/v1/products").then().statusCode(200).body("", hasSize(0));
        given().auth().oauth2(manager("tenant-b")).get("/api/v1/products/autocad").then().statusCode(404);
        given().auth().oauth2(manager("tenant-b")).delete("/api/v1/products/autocad").then().statusCode(404);
    }

    @Test
    void financeMayReadButNotChangeProducts() {
        String finance = TestTokens.issue("products-roles", "finance", "finance");
        given().auth().oauth2(finance).get("/api/v1/products").then().statusCode(200);
        given().auth().oauth2(finance).contentType(ContentType.JSON).body(AUTOCAD).post("/api/v1/products")
                .then().statusCode(403).body("error", equalTo("forbidden"));
        given().get("/api/v1/products").then().statusCode(401);
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().get("/q/health").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/products"));
    }
}
