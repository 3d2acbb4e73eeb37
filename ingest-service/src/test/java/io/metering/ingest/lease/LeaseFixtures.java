package io.metering.ingest.lease;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.eclipse.microprofile.config.ConfigProvider;

import io.metering.local.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The billing-owned tables the lease API reads (entitlement, product), reduced to the columns ingest
 * reads, plus enrolled devices and lease requests.
 */
final class LeaseFixtures {

    private LeaseFixtures() {
    }

    static Connection db() throws Exception {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }

    static void billingTables() throws Exception {
        try (Connection c = db(); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE IF NOT EXISTS product (tenant_id text NOT NULL, id text NOT NULL, name text NOT NULL,
                        vendor text, rules jsonb NOT NULL DEFAULT '[]', version bigint NOT NULL DEFAULT 1,
                        PRIMARY KEY (tenant_id, id))""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS entitlement (tenant_id text NOT NULL, id text NOT NULL,
                        product_id text NOT NULL, metric text NOT NULL, quantity numeric(20,4) NOT NULL,
                        period text NOT NULL DEFAULT 'month', cost_center_id text,
                        enforcement text NOT NULL DEFAULT 'none', valid_from date NOT NULL, valid_to date,
                        PRIMARY KEY (tenant_id, id))""");
        }
    }

    static void device(String tenant, String device) throws Exception {
        try (Connection c = db(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO device (tenant_id, device_id, public_key) VALUES (?, ?, '\\x00') ON CONFLICT DO NOTHING")) {
            s.setString(1, tenant);
            s.setString(2, device);
            s.executeUpdate();
        }
    }

    static void entitlement(String tenant, String id, String product, String metric, int quantity, String enforcement,
                            LocalDate validFrom) throws Exception {
        try (Connection c = db(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO entitlement (tenant_id, id, product_id, metric, quantity, enforcement, valid_from)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            s.setString(1, tenant);
            s.setString(2, id);
            s.setString(3, product);
            s.setString(4, metric);
            s.setInt(5, quantity);
            s.setString(6, enforcement);
            s.setObject(7, validFrom);
            s.executeUpdate();
        }
    }

    static void entitlement(String tenant, String id, String product, String metric, int quantity, String enforcement)
            throws Exception {
        entitlement(tenant, id, product, metric, quantity, enforcement, LocalDate.now(ZoneOffset.UTC).minusDays(1));
    }

    static String agent(String tenant) {
        return TestTokens.issue(tenant, "service-account-metering-agent", "agent");
    }

    static Response ask(String tenant, String device, String product, String session, String user) {
        String userJson = user == null ? "null" : "\"" + user + "\"";
        return given().auth().oauth2(agent(tenant)).contentType(ContentType.JSON)
                .body("{\"deviceId\":\"" + device + "\",\"productId\":\"" + product + "\",\"sessionId\":\"" + session
                        + "\",\"user\":" + userJson + "}")
                .when().post("/v1/leases");
    }
}
