package io.metering.billing.bill;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.metering.billing.testing.BillingTestResource;
import io.metering.local.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * The worked example of docs/bills.md, period 2026-10 (31 days). Cost centers: cc-eng (users alice, bob),
 * cc-ops (user carol), cc-sales (device dev-9, whose user eve belongs nowhere); dave is unallocated.
 * <ul>
 * <li>E1 cad, concurrent_users, 2 x 12.50 EUR + 15.00 overage, monthly: alice, bob, carol, dave and eve
 *     overlap on 10-05 10:00-11:00, peak 5: 25.00 + 3 x 15.00 = 70.00, shares 2:1:1:1 = 28.00/14.00/14.00/14.00.</li>
 * <li>E2 viz, devices, 10 x 31.00 EUR, valid from 10-22 (10 of 31 days): 100.00; dev-1, dev-3 and dev-9 used it
 *     on 10-25 (dev-5 on 10-10, before validity): thirds 33.34 (cc-eng, tie to the smaller id)/33.33/33.33.</li>
 * <li>E3 sim, usage_hours, usage-priced 2.00 USD: alice 3600 + 1800 s, dave 900 s, a 40-days-late 7200 s
 *     ignored, carol 1800 s on 10-01 00:00 in a session that began on 09-30 (its 600 s of September do not
 *     count): 2.25 h = 4.50 USD, 3.00 cc-eng, 1.00 cc-ops, 0.50 unallocated.</li>
 * </ul>
 */
@QuarkusTest
@QuarkusTestResource(value = BillingTestResource.class, initArgs = @ResourceArg(name = "database-prefix", value = "bills"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BillsEndpointIT {

    static final String TENANT = "bills-it";
    static final String OCT = "2026-10-";

    @Inject
    AutoFinalizer autoFinalizer;

    @BeforeAll
    static void seed() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO cost_center VALUES ('bills-it', 'cc-eng', 'Engineering'), ('bills-it', 'cc-ops', 'Operations'),"
                    + " ('bills-it', 'cc-sales', 'Sales')");
            s.execute("INSERT INTO cost_center_member VALUES ('bills-it', 'user', 'alice', 'cc-eng'),"
                    + " ('bills-it', 'user', 'bob', 'cc-eng'), ('bills-it', 'user', 'carol', 'cc-ops'),"
                    + " ('bills-it', 'device', 'dev-9', 'cc-sales')");
            entitlement(s, "e1", "cad", "concurrent_users", "committed", 2, "12.50", "15.00", "EUR", "2026-01-01");
            entitlement(s, "e2", "viz", "devices", "committed", 10, "31.00", "0", "EUR", "2026-10-22");
            entitlement(s, "e3", "sim", "usage_hours", "usage", 0, "2.00", "0", "USD", "2026-01-01");
            String[][] cad = {{"dev-1", "alice"}, {"dev-2", "bob"}, {"dev-3", "carol"}, {"dev-5", "dave"}, {"dev-9", "eve"}};
            for (String[] d : cad) {
                session(c, d[0], d[1], "cad", "05T10:00:00", "05T11:00:00");
            }
            session(c, "dev-1", "alice", "viz", "25T09:00:00", "25T09:30:00");
            session(c, "dev-3", "carol", "viz", "25T09:00:00", "25T09:30:00");
            session(c, "dev-9", "eve", "viz", "25T14:00:00", "25T15:00:00");
            session(c, "dev-5", "dave", "viz", "10T09:00:00", "10T09:30:00");
            event(c, "dev-1", "alice", 1, "12T10:00:00", 3600, 0);
            event(c, "dev-1", "alice", 2, "12T11:00:00", 1800, 0);
            event(c, "dev-5", "dave", 1, "13T10:00:00", 900, 0);
            event(c, "dev-5", "dave", 2, "14T10:00:00", 7200, 40);
            event(c, "dev-3", "carol", 2, "01T00:00:00", 1800, 0);
            s.execute("INSERT INTO usage_event (tenant_id, device_id, seq, occurred_at, event_id, type, session_id, product_id,"
                    + " executable, user_name, active_seconds, received_at) VALUES ('bills-it', 'dev-3', 1,"
                    + " '2026-09-30T23:40:00Z', gen_random_uuid(), 'HEARTBEAT', 'sim-dev-3', 'sim', 'sim.exe', 'carol', 600,"
                    + " '2026-09-30T23:40:01Z')");
            minutesFromSessions(s);
            // what the topology makes of the sim events: two sessions with their counters, minute totals
            // (the 40-days-late event went to the DLQ: in neither)
            s.execute("INSERT INTO usage_session (tenant_id, device_id, session_id, product_id, user_name, started_at,"
                    + " ended_at, closed, launches, active_seconds, version) VALUES"
                    + " ('bills-it', 'dev-1', 'sim-dev-1', 'sim', 'alice', '2026-10-12T09:00:00Z', '2026-10-12T11:00:00Z', true, 0, 5400, 1),"
                    + " ('bills-it', 'dev-5', 'sim-dev-5', 'sim', 'dave', '2026-10-13T09:45:00Z', '2026-10-13T10:00:00Z', true, 0, 900, 1),"
                    + " ('bills-it', 'dev-3', 'sim-dev-3', 'sim', 'carol', '2026-09-30T23:30:00Z', '2026-10-01T00:00:00Z', true, 0, 2400, 1)");
            s.execute("INSERT INTO consumption_minute (tenant_id, product_id, minute, sessions, users, launches, active_seconds)"
                    + " VALUES ('bills-it', 'sim', '2026-10-12T10:00:00Z', 1, 1, 0, 3600),"
                    + " ('bills-it', 'sim', '2026-10-12T11:00:00Z', 1, 1, 0, 1800),"
                    + " ('bills-it', 'sim', '2026-10-13T10:00:00Z', 1, 1, 0, 900),"
                    + " ('bills-it', 'sim', '2026-09-30T23:40:00Z', 1, 1, 0, 600), ('bills-it', 'sim', '2026-10-01T00:00:00Z', 1, 1, 0, 1800)");
        }
    }

    RequestSpecification as(String role) {
        return given().auth().oauth2(TestTokens.issue(TENANT, role, role));
    }

    @Test
    @Order(1)
    void theDraftBillPricesEachEntitlementAndChargesItBack() {
        JsonPath bill = as("finance").get("/api/v1/bills/2026-10").then().statusCode(200).extract().jsonPath();

        assertThat(bill.getString("status")).isEqualTo("DRAFT");
        assertThat(bill.getString("contentHash")).isNull();
        assertThat(bill.getString("currency")).isNull(); // two currencies
        assertThat(bill.getList("totals")).containsExactly(Map.of("currency", "EUR", "total", "170.00"),
                Map.of("currency", "USD", "total", "4.50"));
        assertThat(bill.getString("lines[0].entitlement")).isEqualTo("e1");
        assertThat(bill.getInt("lines[0].quantity")).isEqualTo(2);
        assertThat(bill.getInt("lines[0].consumed")).isEqualTo(5);
        assertThat(bill.getString("lines[0].committed")).isEqualTo("25.00");
        assertThat(bill.getString("lines[0].overage")).isEqualTo("45.00");
        assertThat(bill.getString("lines[0].amount")).isEqualTo("70.00");
        assertThat(bill.getList("lines[0].allocations")).containsExactly(
                Map.of("costCenter", "cc-eng", "amount", "28.00"), Map.of("costCenter", "cc-ops", "amount", "14.00"),
                Map.of("costCenter", "cc-sales", "amount", "14.00"), Map.of("costCenter", "unallocated", "amount", "14.00"));
        assertThat(bill.getString("lines[1].product")).isEqualTo("sim");
        assertThat(bill.getFloat("lines[1].consumed")).isEqualTo(2.25f);
        assertThat(bill.getString("lines[1].amount")).isEqualTo("4.50");
        assertThat(bill.getList("lines[1].allocations")).containsExactly(
                Map.of("costCenter", "cc-eng", "amount", "3.00"), Map.of("costCenter", "cc-ops", "amount", "1.00"),
                Map.of("costCenter", "unallocated", "amount", "0.50"));
        assertThat(bill.getString("lines[2].product")).isEqualTo("viz");
        assertThat(bill.getString("lines[2].from")).isEqualTo("2026-10-22");
        assertThat(bill.getInt("lines[2].consumed")).isEqualTo(3);
        assertThat(bill.getString("lines[2].committed")).isEqualTo("100.00");
        assertThat(bill.getList("lines[2].allocations")).containsExactly(
                Map.of("costCenter", "cc-eng", "amount", "33.34"), Map.of("costCenter", "cc-ops", "amount", "33.33"),
                Map.of("costCenter", "cc-sales", "amount", "33.33"));
    }

    @Test
    @Order(2)
    void badPeriodsAndFormatsAreRefusedWithTheReason() {
        as("finance").get("/api/v1/bills/2026-13").then().statusCode(400).body("message", containsString("YYYY-MM"));
        as("finance").get("/api/v1/bills/october").then().statusCode(400).body("message", containsString("YYYY-MM"));
        String future = YearMonth.now(ZoneOffset.UTC).plusMonths(1).toString();
        as("finance").get("/api/v1/bills/" + future).then().statusCode(400).body("message", containsString("future"));
        as("finance").queryParam("format", "xlsx").get("/api/v1/bills/2026-10/export").then().statusCode(400)
                .body("message", containsString("csv, pdf, json"));
        as("license-manager").post("/api/v1/bills/2026-10/finalize").then().statusCode(403);
        String current = YearMonth.now(ZoneOffset.UTC).toString();
        as("finance").post("/api/v1/bills/" + current + "/finalize").then().statusCode(409)
                .body("message", containsString("still open"));
        given().auth().oauth2(TestTokens.issue("other-tenant", "finance", "finance")).get("/api/v1/bills/2026-10")
                .then().statusCode(200).body("lines", hasSize(0)).body("total", nullValue());
    }

    @Test
    @Order(3)
    void aFinalizedBillNeverChangesAndLateUsageGoesOnTheNextBill() throws Exception {
        JsonPath finalized = as("finance").post("/api/v1/bills/2026-10/finalize").then().statusCode(200)
                .body("status", equalTo("FINALIZED")).body("finalizedBy", equalTo("finance"))
                .extract().jsonPath();
        String hash = finalized.getString("contentHash");
        String before = as("finance").get("/api/v1/bills/2026-10").then().statusCode(200).extract().asString();
        assertThat(hash).hasSize(64);
        as("admin").post("/api/v1/bills/2026-10/finalize").then().statusCode(409)
                .body("message", containsString("was finalized at")).body("message", containsString(hash));

        try (Connection c = connect(); Statement s = c.createStatement()) { // frank, unallocated, was offline
            session(c, "dev-6", "frank", "cad", "05T10:30:00", "05T10:45:00");
            minutesFromSessions(s);
            assertThatThrownBy(() -> s.executeUpdate("UPDATE finalized_bill SET finalized_by = 'x'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("immutable");
        }

        String after = as("finance").get("/api/v1/bills/2026-10").then().statusCode(200).extract().asString();
        assertThat(after).isEqualTo(before);
        JsonPath json = new JsonPath(as("finance").queryParam("format", "json").get("/api/v1/bills/2026-10/export")
                .then().statusCode(200).extract().asString());
        assertThat(json.getString("contentHash")).isEqualTo(hash);
        assertThat(BillJson.sha256(BillJson.parse(as("finance").queryParam("format", "json")
                .get("/api/v1/bills/2026-10/export").asString()))).isEqualTo(hash);

        JsonPath november = as("finance").get("/api/v1/bills/2026-11").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> adjustments = november.getList("lines.findAll { it.kind == 'adjustment' }");
        assertThat(adjustments).hasSize(1);
        Map<String, Object> adjustment = adjustments.get(0);
        assertThat(adjustment).containsEntry("adjusts", "2026-10").containsEntry("entitlement", "e1")
                .containsEntry("consumed", 1).containsEntry("amount", "15.00").containsEntry("overage", "15.00");
        assertThat(adjustment.get("allocations")).isEqualTo(List.of(
                Map.of("costCenter", "cc-eng", "amount", "0.33"), Map.of("costCenter", "cc-ops", "amount", "0.17"),
                Map.of("costCenter", "cc-sales", "amount", "0.17"), Map.of("costCenter", "unallocated", "amount", "14.33")));
    }

    @Test
    @Order(4)
    void exportsAreCsvPdfAndJson() throws Exception {
        String csv = as("license-manager").queryParam("format", "csv").get("/api/v1/bills/2026-10/export").then()
                .statusCode(200).header("Content-Type", containsString("text/csv"))
                .header("Content-Disposition", containsString("bill-2026-10.csv")).extract().asString();
        List<List<String>> rows = BillExportTest.parseCsv(csv);
        assertThat(rows).hasSize(1 + 4 + 3 + 3);
        assertThat(rows.get(1)).containsExactly("2026-10", "FINALIZED", "entitlement", "", "e1", "cad", "concurrent_users",
                "EUR", "70.00", "cc-eng", "28.00");
        assertThat(rows.stream().skip(1).filter(r -> r.get(7).equals("EUR")).map(r -> new BigDecimal(r.get(10)))
                .reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("170.00");

        byte[] pdf = as("finance").queryParam("format", "pdf").get("/api/v1/bills/2026-10/export").then()
                .statusCode(200).header("Content-Type", containsString("application/pdf")).extract().asByteArray();
        String hash = as("finance").get("/api/v1/bills/2026-10").jsonPath().getString("contentHash");
        assertThat(BillExportTest.pdfText(pdf)).contains("Usage bill", TENANT, "2026-10", "FINALIZED", "cad", "viz",
                "sim", "70.00 EUR", "charged to cc-sales", "33.34 EUR", "4.50 USD", "Total EUR", "170.00 EUR",
                "Total USD", hash);
    }

    @Test
    @Order(5)
    void autoFinalizationFreezesThePreviousMonthOnceItsGraceIsOver() throws Exception {
        Instant september10 = Instant.parse("2026-09-10T00:00:00Z"); // finalizes 2026-08
        assertThat(autoFinalizer.finalizeDue(Instant.parse("2026-09-03T12:00:00Z"))).isZero(); // in grace
        // other test classes share this database (one Quarkus application): count at least this tenant
        assertThat(autoFinalizer.finalizeDue(september10)).isPositive();
        assertThat(autoFinalizer.finalizeDue(september10)).isZero();
        as("finance").get("/api/v1/bills/2026-08").then().statusCode(200).body("status", equalTo("FINALIZED"))
                .body("finalizedBy", equalTo("auto-finalize")).body("lines", hasSize(2)); // e1 and e3
    }

    static Connection connect() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }

    static void entitlement(Statement s, String id, String product, String metric, String pricing, int quantity,
                            String unitPrice, String overagePrice, String currency, String validFrom) throws SQLException {
        s.execute("INSERT INTO entitlement (tenant_id, id, product_id, metric, quantity, period, pricing, unit_price,"
                + " overage_price, currency, valid_from) VALUES ('" + TENANT + "', '" + id + "', '" + product + "', '" + metric
                + "', " + quantity + ", 'month', '" + pricing + "', " + unitPrice + ", " + overagePrice + ", '" + currency
                + "', '" + validFrom + "')");
    }

    static void session(Connection c, String device, String user, String product, String start, String end)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO usage_session (tenant_id, device_id, session_id, product_id, user_name, started_at, ended_at,
                    closed, launches, version) VALUES (?, ?, ?, ?, ?, ?, ?, true, 1, 1)""")) {
            s.setString(1, TENANT);
            s.setString(2, device);
            s.setString(3, product + "-" + device + "-" + start);
            s.setString(4, product);
            s.setString(5, user);
            s.setTimestamp(6, at(start));
            s.setTimestamp(7, at(end));
            s.executeUpdate();
        }
    }

    static void event(Connection c, String device, String user, long seq, String time, int active, int daysLate)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO usage_event (tenant_id, device_id, seq, occurred_at, event_id, type, session_id, product_id,
                    executable, user_name, active_seconds, received_at)
                VALUES (?, ?, ?, ?, ?, 'HEARTBEAT', ?, 'sim', 'sim.exe', ?, ?, ?)""")) {
            s.setString(1, TENANT);
            s.setString(2, device);
            s.setLong(3, seq);
            s.setTimestamp(4, at(time));
            s.setObject(5, UUID.randomUUID());
            s.setString(6, "sim-" + device);
            s.setString(7, user);
            s.setInt(8, active);
            s.setTimestamp(9, Timestamp.from(at(time).toInstant().plus(daysLate, ChronoUnit.DAYS).plusSeconds(1)));
            s.executeUpdate();
        }
    }

    /** consumption_minute as the topology would write it from the sessions (same minute rule). */
    static void minutesFromSessions(Statement s) throws SQLException {
        s.execute("""
                INSERT INTO consumption_minute (tenant_id, product_id, minute, sessions, users, launches, active_seconds)
                SELECT tenant_id, product_id, minute, count(*), count(DISTINCT COALESCE(user_name, 'device:' || device_id)), 0, 0
                FROM usage_session,
                     generate_series(date_trunc('minute', started_at),
                                     CASE WHEN ended_at > started_at THEN ended_at - interval '1 microsecond' ELSE started_at END,
                                     interval '1 minute') AS minute
                WHERE tenant_id = 'bills-it' AND product_id <> 'sim'
                GROUP BY 1, 2, 3
                ON CONFLICT (tenant_id, product_id, minute) DO UPDATE SET sessions = excluded.sessions, users = excluded.users""");
    }

    static Timestamp at(String dayAndTime) {
        return Timestamp.from(Instant.parse(OCT + dayAndTime + "Z"));
    }
}
