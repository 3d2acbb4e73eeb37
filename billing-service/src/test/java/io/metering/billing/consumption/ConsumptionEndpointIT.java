package io.metering.billing.consumption;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.metering.billing.testing.BillingTestResource;
import io.metering.local.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * The seven metrics over a hand-made store whose expected values are worked out in the comments.
 * Period [10:00, 11:00) on 2026-11-02. Sessions:
 * S1 dev-1 alice [09:50, 10:20); S2 dev-2 bob [10:10, 10:40); S3 dev-3 alice [10:15:30, 10:15:30) (launch only);
 * S4 dev-4 no user [10:55, 11:30); S5 dev-5 carol [11:00, 11:10) (starts at the period's end: outside).
 * Cost centers: alice in cc-eng, device dev-4 in cc-ops, bob unallocated.
 */
@QuarkusTest
@QuarkusTestResource(value = BillingTestResource.class, initArgs = @ResourceArg(name = "database-prefix", value = "consumption"))
class ConsumptionEndpointIT {

    static final String TENANT = "consumption-it";
    static final String DAY = "2026-11-02T";

    @BeforeAll
    static void seedTheStore() throws Exception {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        String user = ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class);
        String password = ConfigProvider.getConfig().getOptionalValue("quarkus.datasource.password", String.class).orElse("");
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            session(c, "dev-1", "alice", "09:50:00", "10:20:00");
            session(c, "dev-2", "bob", "10:10:00", "10:40:00");
            session(c, "dev-3", "alice", "10:15:30", "10:15:30");
            session(c, "dev-4", null, "10:55:00", "11:30:00");
            session(c, "dev-5", "carol", "11:00:00", "11:10:00");
            event(c, "dev-1", "alice", 1, "LAUNCH", "09:50:00", 0, 0);
            event(c, "dev-1", "alice", 2, "HEARTBEAT", "10:00:00", 500, 0);
            event(c, "dev-2", "bob", 1, "LAUNCH", "10:10:00", 0, 0);
            event(c, "dev-2", "bob", 2, "HEARTBEAT", "10:20:00", 300, 0);
            event(c, "dev-2", "bob", 3, "HEARTBEAT", "10:30:00", 999, 32);  // 32 days late: never metered
            event(c, "dev-2", "bob", 4, "EXIT", "10:40:00", 200, 0);
            event(c, "dev-3", "alice", 1, "LAUNCH", "10:15:30", 0, 0);
            event(c, "dev-4", null, 1, "LAUNCH", "10:55:00", 0, 0);
            event(c, "dev-4", null, 2, "HEARTBEAT", "11:05:00", 100, 0);
            event(c, "dev-5", "carol", 1, "LAUNCH", "11:00:00", 0, 0);
            minute(c, "10:05:00", 1, 1);
            minute(c, "10:15:00", 3, 2);
            minute(c, "10:30:00", 1, 1);
            minute(c, "10:57:00", 1, 1);
            minute(c, "11:05:00", 5, 5);
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO cost_center VALUES ('" + TENANT + "', 'cc-eng', 'Engineering'), ('"
                        + TENANT + "', 'cc-ops', 'Operations')");
                s.execute("INSERT INTO cost_center_member VALUES ('" + TENANT + "', 'user', 'alice', 'cc-eng'), ('"
                        + TENANT + "', 'device', 'dev-4', 'cc-ops')");
            }
        }
    }

    RequestSpecification manager() {
        return given().auth().oauth2(TestTokens.issue(TENANT, "manager", "license-manager"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "launches, 3",              // S2, S3, S4 launched inside; S1 before, S5 at the end
            "devices, 4",               // S1..S4 overlap; S5 starts at 'to'
            "users, 3",                 // alice, bob, and dev-4's session without a user
            "concurrent_sessions, 3",   // 10:15: S1, S2 and the zero-length S3
            "concurrent_users, 2",      // 10:15: alice (twice) and bob
            "usage_hours, 0.277778",    // 500 + 300 + 200 active seconds; the 32-days-late 999 is excluded
            "session_hours, 0.916667"   // 1200 + 1800 + 0 + 300 seconds clipped to the period
    })
    void eachMetricOfAProductOverAPeriodFollowsTheDefinitions(String metric, String expected) {
        manager().queryParam("product", "cad").queryParam("metric", metric)
                .queryParam("from", DAY + "10:00:00Z").queryParam("to", DAY + "11:00:00Z")
                .when().get("/api/v1/consumption")
                .then().statusCode(200)
                .body("product", equalTo("cad"))
                .body("metric", equalTo(metric))
                .body("value", equalTo(Float.parseFloat(expected) == Math.rint(Float.parseFloat(expected))
                        ? (Object) Integer.valueOf(expected) : (Object) Float.valueOf(expected)));
    }

    @ParameterizedTest(name = "{0} of {1} = {2}")
    @CsvSource({
            "devices, cc-eng, 2",             // alice's S1 and S3
            "launches, cc-eng, 1",            // S3's launch; S1's was before the period
            "concurrent_sessions, cc-eng, 2", // 10:15: S1 and S3
            "concurrent_users, cc-eng, 1",    // only alice
            "usage_hours, cc-eng, 0.138889",  // 500 s
            "devices, cc-ops, 1",             // dev-4 by its device membership
            "devices, unallocated, 1",        // bob's S2
            "users, unallocated, 1"
    })
    void aCostCenterSeesTheUsageOfItsUsersThenItsDevices(String metric, String costCenter, String expected) {
        manager().queryParam("product", "cad").queryParam("metric", metric).queryParam("costCenter", costCenter)
                .queryParam("from", DAY + "10:00:00Z").queryParam("to", DAY + "11:00:00Z")
                .when().get("/api/v1/consumption")
                .then().statusCode(200)
                .body("costCenter", equalTo(costCenter))
                .body("value", equalTo(Float.parseFloat(expected) == Math.rint(Float.parseFloat(expected))
                        ? (Object) Integer.valueOf(expected) : (Object) Float.valueOf(expected)));
    }

    @Test
    void aSeriesHasOneBucketPerHour() {
        manager().queryParam("product", "cad").queryParam("metric", "launches").queryParam("granularity", "hour")
                .queryParam("from", DAY + "10:00:00Z").queryParam("to", DAY + "12:00:00Z")
                .when().get("/api/v1/consumption")
                .then().statusCode(200)
                .body("value", equalTo(4))
                .body("series", hasSize(2))
                .body("series[0].start", equalTo(DAY + "10:00:00Z"))
                .body("series[0].value", equalTo(3))
                .body("series[1].value", equalTo(1));
    }

    @Test
    void anotherTenantCountsNothing() {
        given().auth().oauth2(TestTokens.issue("someone-else", "manager", "license-manager"))
                .queryParam("product", "cad").queryParam("metric", "devices")
                .queryParam("from", DAY + "10:00:00Z").queryParam("to", DAY + "11:00:00Z")
                .when().get("/api/v1/consumption").then().statusCode(200).body("value", equalTo(0));
    }

    @Test
    void badParametersAreRefusedWithTheParameterNamed() {
        manager().queryParam("product", "cad").queryParam("metric", "seats")
                .queryParam("from", "2026-11-02").queryParam("to", "2026-11-03")
                .get("/api/v1/consumption").then().statusCode(400).body("message", containsString("metric must be one of"));
        manager().queryParam("product", "cad").queryParam("metric", "devices")
                .queryParam("from", "yesterday").queryParam("to", "2026-11-03")
                .get("/api/v1/consumption").then().statusCode(400).body("message", containsString("from is not"));
        manager().queryParam("product", "cad").queryParam("metric", "devices")
                .queryParam("from", "2026-11-03").queryParam("to", "2026-11-02")
                .get("/api/v1/consumption").then().statusCode(400).body("message", containsString("before"));
        manager().queryParam("metric", "devices").queryParam("from", "2026-11-02").queryParam("to", "2026-11-03")
                .get("/api/v1/consumption").then().statusCode(400).body("message", containsString("product"));
    }

    private static void session(Connection c, String device, String user, String start, String end) throws Exception {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO usage_session (tenant_id, device_id, session_id, product_id, user_name, started_at, ended_at,
                    closed, launches, version) VALUES (?, ?, ?, 'cad', ?, ?, ?, true, 1, 1)""")) {
            s.setString(1, TENANT);
            s.setString(2, device);
            s.setString(3, "s-" + device);
            s.setString(4, user);
            s.setTimestamp(5, at(start));
            s.setTimestamp(6, at(end));
            s.executeUpdate();
        }
    }

    private static void event(Connection c, String device, String user, long seq, String type, String at, int active,
                              int daysLate) throws Exception {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO usage_event (tenant_id, device_id, seq, occurred_at, event_id, type, session_id, product_id,
                    executable, user_name, active_seconds, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'cad', 'cad.exe', ?, ?, ?)""")) {
            s.setString(1, TENANT);
            s.setString(2, device);
            s.setLong(3, seq);
            s.setTimestamp(4, at(at));
            s.setObject(5, UUID.randomUUID());
            s.setString(6, type);
            s.setString(7, "s-" + device);
            s.setString(8, user);
            s.setInt(9, active);
            s.setTimestamp(10, Timestamp.from(at(at).toInstant().plus(daysLate, ChronoUnit.DAYS).plusSeconds(1)));
            s.executeUpdate();
        }
    }

    private static void minute(Connection c, String minute, int sessions, int users) throws Exception {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO consumption_minute (tenant_id, product_id, minute, sessions, users, launches, active_seconds)
                VALUES (?, 'cad', ?, ?, ?, 0, 0)""")) {
            s.setString(1, TENANT);
            s.setTimestamp(2, at(minute));
            s.setInt(3, sessions);
            s.setInt(4, users);
            s.executeUpdate();
        }
    }

    private static Timestamp at(String time) {
        return Timestamp.from(Instant.parse(DAY + time + "Z"));
    }
}
