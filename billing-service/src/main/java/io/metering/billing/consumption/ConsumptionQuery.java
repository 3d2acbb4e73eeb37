package io.metering.billing.consumption;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Computes one metric of DESIGN.md section 5 for a tenant, product and period [from, to), optionally
 * for one cost center (a session or event belongs to its user's cost center, else its device's, else
 * {@code unallocated}). Reads the metering store written by ingest-service; the per-minute table
 * answers the concurrent metrics of a whole product, sessions answer them per cost center, and both
 * follow the same rule: a session counts in minute m when start < m+60 s and end > m, or, when it has
 * no length, when its start lies in m. Thread-safe.
 */
@ApplicationScoped
public class ConsumptionQuery {

    public static final String UNALLOCATED = "unallocated";

    private static final String COST_CENTER_OF_SESSION = """
            COALESCE((SELECT m.cost_center_id FROM cost_center_member m
                      WHERE m.tenant_id = x.tenant_id AND m.kind = 'user' AND m.member = x.user_name),
                     (SELECT m.cost_center_id FROM cost_center_member m
                      WHERE m.tenant_id = x.tenant_id AND m.kind = 'device' AND m.member = x.device_id),
                     'unallocated')""";

    private static final String SESSIONS = """
            SELECT x.* FROM usage_session x
            WHERE x.tenant_id = ? AND x.product_id = ? AND x.started_at < ?
              AND (x.ended_at > ? OR (x.ended_at = x.started_at AND x.started_at >= ?))
              AND (?::text IS NULL OR %s = ?::text)""".formatted(COST_CENTER_OF_SESSION);

    private static final String EVENTS = """
            SELECT x.* FROM usage_event x
            WHERE x.tenant_id = ? AND x.product_id = ? AND x.occurred_at >= ? AND x.occurred_at < ?
              -- events later than 31 days are never metered: the topology applies the same rule
              AND x.received_at - x.occurred_at <= interval '31 days'
              AND (?::text IS NULL OR %s = ?::text)""".formatted(COST_CENTER_OF_SESSION);

    private static final String IDENTITY = "COALESCE(s.user_name, 'device:' || s.device_id)";

    private static final String MINUTES_OF_SESSION = """
            generate_series(date_trunc('minute', GREATEST(s.started_at, ?::timestamptz)),
                            CASE WHEN s.ended_at > s.started_at THEN s.ended_at - interval '1 microsecond'
                                 ELSE s.started_at END,
                            interval '1 minute') AS minute""";

    private final DataSource dataSource;

    @Inject
    public ConsumptionQuery(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public BigDecimal value(String tenant, String product, Metric metric, Instant from, Instant to,
                            Optional<String> costCenter) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setReadOnly(true);
            return switch (metric) {
                case LAUNCHES -> fromEvents(c, "count(*) FILTER (WHERE e.type = 'LAUNCH')", tenant, product, from, to, costCenter);
                case USAGE_HOURS -> hours(fromEvents(c, "COALESCE(sum(e.active_seconds), 0)", tenant, product, from, to, costCenter));
                case DEVICES -> fromSessions(c, "count(DISTINCT s.device_id)", tenant, product, from, to, costCenter);
                case USERS -> fromSessions(c, "count(DISTINCT " + IDENTITY + ")", tenant, product, from, to, costCenter);
                case SESSION_HOURS -> hours(fromSessions(c, """
                        COALESCE(sum(GREATEST(0, extract(epoch FROM LEAST(s.ended_at, ?::timestamptz)
                                                             - GREATEST(s.started_at, ?::timestamptz)))), 0)""",
                        tenant, product, from, to, costCenter, to, from));
                case CONCURRENT_SESSIONS -> costCenter.isEmpty()
                        ? peakOfMinutes(c, "sessions", tenant, product, from, to)
                        : peakFromSessions(c, "count(*)", tenant, product, from, to, costCenter);
                case CONCURRENT_USERS -> costCenter.isEmpty()
                        ? peakOfMinutes(c, "users", tenant, product, from, to)
                        : peakFromSessions(c, "count(DISTINCT " + IDENTITY + ")", tenant, product, from, to, costCenter);
            };
        }
    }

    private static BigDecimal fromEvents(Connection c, String aggregate, String tenant, String product, Instant from,
                                         Instant to, Optional<String> costCenter) throws SQLException {
        String sql = "SELECT " + aggregate + " FROM (" + EVENTS + ") e";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            s.setString(i++, tenant);
            s.setString(i++, product);
            s.setTimestamp(i++, Timestamp.from(from));
            s.setTimestamp(i++, Timestamp.from(to));
            s.setString(i++, costCenter.orElse(null));
            s.setString(i, costCenter.orElse(null));
            return single(s);
        }
    }

    private static BigDecimal fromSessions(Connection c, String aggregate, String tenant, String product, Instant from,
                                           Instant to, Optional<String> costCenter, Instant... aggregateArgs)
            throws SQLException {
        String sql = "SELECT " + aggregate + " FROM (" + SESSIONS + ") s";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            for (Instant arg : aggregateArgs) {
                s.setTimestamp(i++, Timestamp.from(arg));
            }
            i = bindSessions(s, i, tenant, product, from, to, costCenter);
            return single(s);
        }
    }

    private static BigDecimal peakFromSessions(Connection c, String perMinute, String tenant, String product,
                                               Instant from, Instant to, Optional<String> costCenter) throws SQLException {
        String sql = "SELECT COALESCE(max(n), 0) FROM (SELECT minute, " + perMinute + " AS n FROM (" + SESSIONS
                + ") s, " + MINUTES_OF_SESSION + " WHERE minute >= ? AND minute < ? GROUP BY minute) per_minute";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            Instant firstMinute = from.truncatedTo(ChronoUnit.MINUTES);
            int i = bindSessions(s, 1, tenant, product, from, to, costCenter);
            s.setTimestamp(i++, Timestamp.from(firstMinute));
            s.setTimestamp(i++, Timestamp.from(firstMinute));
            s.setTimestamp(i, Timestamp.from(to));
            return single(s);
        }
    }

    private static BigDecimal peakOfMinutes(Connection c, String column, String tenant, String product, Instant from,
                                            Instant to) throws SQLException {
        String sql = "SELECT COALESCE(max(" + column + "), 0) FROM consumption_minute "
                + "WHERE tenant_id = ? AND product_id = ? AND minute >= ? AND minute < ?";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, tenant);
            s.setString(2, product);
            s.setTimestamp(3, Timestamp.from(from.truncatedTo(ChronoUnit.MINUTES)));
            s.setTimestamp(4, Timestamp.from(to));
            return single(s);
        }
    }

    private static int bindSessions(PreparedStatement s, int i, String tenant, String product, Instant from, Instant to,
                                    Optional<String> costCenter) throws SQLException {
        s.setString(i++, tenant);
        s.setString(i++, product);
        s.setTimestamp(i++, Timestamp.from(to));
        s.setTimestamp(i++, Timestamp.from(from));
        s.setTimestamp(i++, Timestamp.from(from));
        s.setString(i++, costCenter.orElse(null));
        s.setString(i++, costCenter.orElse(null));
        return i;
    }

    private static BigDecimal single(PreparedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            rs.next();
            BigDecimal value = rs.getBigDecimal(1);
            return value == null ? BigDecimal.ZERO : value;
        }
    }

    private static BigDecimal hours(BigDecimal seconds) {
        BigDecimal hours = seconds.divide(BigDecimal.valueOf(3600), 6, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return hours.scale() < 0 ? hours.setScale(0) : hours;
    }
}
