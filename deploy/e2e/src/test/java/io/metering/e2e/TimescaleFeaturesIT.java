package io.metering.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.metering.local.Postgres;

/**
 * On a TimescaleDB, the metering store migrated by the services (V3__timescaledb.sql, ADR 0401) has its
 * hypertables, hourly and daily continuous aggregates, compression and retention policies.
 * <p>
 * Runs only against an external database ({@code METERING_DB_URL}, docs/timescaledb.md) that has the
 * extension; skipped otherwise. With {@code -Ptimescaledb} ({@code metering.timescaledb.required=true})
 * a missing URL or extension fails instead of skipping.
 */
class TimescaleFeaturesIT {

    private static final boolean REQUIRED = Boolean.getBoolean("metering.timescaledb.required");

    private static String url;
    private static String user;
    private static String password;

    @BeforeAll
    static void migratedTimescaleDb() throws SQLException {
        String external = System.getenv("METERING_DB_URL");
        if (REQUIRED) {
            assertThat(external).as("-Ptimescaledb needs METERING_DB_URL (docs/timescaledb.md)").isNotBlank();
        }
        assumeThat(external).as("METERING_DB_URL (an external TimescaleDB)").isNotBlank();
        Postgres postgres = Postgres.startForTests();
        url = postgres.databaseUrl("metering");
        user = postgres.user();
        password = postgres.password();
        try (Connection c = DriverManager.getConnection(postgres.databaseUrl("postgres"), user, password)) {
            boolean available = exists(c, "SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'");
            if (REQUIRED) {
                assertThat(available).as("timescaledb extension at " + external).isTrue();
            }
            assumeThat(available).as("timescaledb available at " + external).isTrue();
        }
        SharedStack.get(); // the services apply the metering migrations, V3 included
    }

    @Test
    void theExtensionIsCreatedInTheMeteringDatabase() throws SQLException {
        try (Connection c = connect()) {
            assertThat(exists(c, "SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'")).isTrue();
        }
    }

    @Test
    void rawEventsAndMinutesAreHypertablesChunkedByDayAndByWeek() throws SQLException {
        try (Connection c = connect()) {
            Map<String, String> intervals = pairs(c, """
                    SELECT hypertable_name, time_interval::text FROM timescaledb_information.dimensions
                    WHERE hypertable_schema = current_schema() AND hypertable_name IN ('usage_event', 'consumption_minute')""");
            assertThat(intervals).containsEntry("usage_event", "1 day").containsEntry("consumption_minute", "7 days");
            Map<String, String> compression = pairs(c, """
                    SELECT hypertable_name, compression_enabled::text FROM timescaledb_information.hypertables
                    WHERE hypertable_schema = current_schema()""");
            assertThat(compression).containsEntry("usage_event", "true").containsEntry("consumption_minute", "true")
                    .doesNotContainKey("usage_session");
        }
    }

    @Test
    void hourlyAndDailyConsumptionAreRealTimeContinuousAggregatesWithRefreshPolicies() throws SQLException {
        try (Connection c = connect()) {
            Map<String, String> aggregates = pairs(c, """
                    SELECT view_name, materialized_only::text FROM timescaledb_information.continuous_aggregates
                    WHERE view_schema = current_schema()""");
            assertThat(aggregates).containsEntry("consumption_hour", "false").containsEntry("consumption_day", "false");
            List<String> refreshed = strings(c, """
                    SELECT a.view_name FROM timescaledb_information.jobs j
                    JOIN timescaledb_information.continuous_aggregates a
                      ON a.materialization_hypertable_name = j.hypertable_name
                    WHERE j.proc_name = 'policy_refresh_continuous_aggregate'""");
            assertThat(refreshed).contains("consumption_hour", "consumption_day");
            try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT count(*) FROM consumption_hour").close();
                s.executeQuery("SELECT count(*) FROM consumption_day").close();
            }
        }
    }

    @Test
    void compressionAndRetentionPoliciesCoverBothHypertables() throws SQLException {
        try (Connection c = connect()) {
            List<String> compressed = strings(c, """
                    SELECT hypertable_name FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression'""");
            List<String> retained = strings(c, """
                    SELECT hypertable_name FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention'""");
            assertThat(compressed).contains("usage_event", "consumption_minute");
            assertThat(retained).contains("usage_event", "consumption_minute");
            Map<String, String> drops = pairs(c, """
                    SELECT hypertable_name, config->>'drop_after' FROM timescaledb_information.jobs
                    WHERE proc_name = 'policy_retention'""");
            assertThat(drops).containsEntry("usage_event", "731 days").containsEntry("consumption_minute", "731 days");
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    private static boolean exists(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next();
        }
    }

    private static Map<String, String> pairs(Connection c, String sql) throws SQLException {
        Map<String, String> result = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                result.put(rs.getString(1), rs.getString(2));
            }
        }
        return result;
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> result = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                result.add(rs.getString(1));
            }
        }
        return result;
    }
}
