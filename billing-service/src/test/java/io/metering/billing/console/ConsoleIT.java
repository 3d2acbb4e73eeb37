package io.metering.billing.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.metering.billing.testing.BillingTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The web console's files, its chart library and its login settings are served without a token (the
 * data behind them needs one). Its behaviour in a browser is tested by deploy/e2e/browser/run.
 */
@QuarkusTest
@QuarkusTestResource(value = BillingTestResource.class, initArgs = @ResourceArg(name = "database-prefix", value = "console"))
class ConsoleIT {

    @Test
    void theConsolePageAndItsScriptsAreServedWithoutAToken() {
        given().get("/").then().statusCode(200)
                .body(containsString("License metering"))
                .body(containsString("/webjars/echarts/dist/echarts.min.js"))
                .body(containsString("console/main.js"));
        given().get("/console/auth.js").then().statusCode(200)
                .contentType(containsString("javascript"))
                .body(containsString("code_challenge_method"));
        given().get("/console/console.css").then().statusCode(200).contentType(containsString("text/css"));
    }

    @Test
    void echartsIsServedFromItsWebJarWithoutTheVersionInThePath() {
        given().get("/webjars/echarts/dist/echarts.min.js").then().statusCode(200)
                .contentType(containsString("javascript"))
                .body(containsString("echarts"));
    }

    @Test
    void theLoginSettingsNameTheRealmAndThePublicClient() {
        given().get("/console/config").then().statusCode(200)
                .body("clientId", equalTo("metering-console"))
                .body("issuer", containsString("/realms/metering"));
    }

    @Test
    void theDataBehindTheConsoleNeedsAToken() {
        given().get("/api/v1/bills/2026-11").then().statusCode(401);
    }
}
