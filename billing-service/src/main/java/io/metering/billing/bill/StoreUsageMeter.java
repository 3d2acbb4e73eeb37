package io.metering.billing.bill;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.metering.billing.consumption.ConsumptionQuery;
import io.metering.billing.consumption.Metric;

/**
 * Measures usage for bills from the metering store: launches and usage hours from the session counters
 * (events only for sessions crossing the window's edges) with the tenant's value from
 * {@code consumption_minute}, session metrics from {@code usage_session} rows grouped in memory
 * ({@link SessionUsage}). A session or event belongs to its user's cost center, else its device's, else
 * {@code unallocated}, exactly as in {@link ConsumptionQuery}, which also gives the value of the
 * non-additive metrics (distinct counts and peaks are not sums of the cost centers'). Thread-safe.
 */
@ApplicationScoped
public class StoreUsageMeter implements UsageMeter {

    static final String COST_CENTER = "COALESCE(mu.cost_center_id, md.cost_center_id, 'unallocated')";
    static final String MEMBERS = """
            LEFT JOIN cost_center_member mu ON mu.tenant_id = x.tenant_id AND mu.kind = 'user' AND mu.member = x.user_name
            LEFT JOIN cost_center_member md ON md.tenant_id = x.tenant_id AND md.kind = 'device' AND md.member = x.device_id""";

    /** Sessions that may have events in [from, to): their counters, or their events if they cross an edge. */
    private static final String SESSION_COUNTERS = """
            SELECT %s AS cc, x.device_id, x.session_id, x.started_at, x.ended_at, x.launches, x.active_seconds
            FROM usage_session x
            %s
            WHERE x.tenant_id = ? AND x.product_id = ? AND x.started_at < ? AND x.ended_at >= ?""".formatted(COST_CENTER, MEMBERS);

    /** The events in [from, to) of the listed sessions, per cost center (the rule of ConsumptionQuery). */
    private static final String EVENTS_OF_SESSIONS = """
            SELECT %s AS cc, count(*) FILTER (WHERE x.type = 'LAUNCH'), COALESCE(sum(x.active_seconds), 0)
            FROM usage_event x
            %s
            WHERE x.tenant_id = ? AND x.product_id = ? AND x.occurred_at >= ? AND x.occurred_at < ?
              AND x.received_at - x.occurred_at <= interval '31 days'
              AND (x.device_id, x.session_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))
            GROUP BY 1""".formatted(COST_CENTER, MEMBERS);

    /** The tenant's launches and active seconds, as the topology counted them per minute. */
    private static final String MINUTE_TOTALS = """
            SELECT COALESCE(sum(launches), 0), COALESCE(sum(active_seconds), 0) FROM consumption_minute
            WHERE tenant_id = ? AND product_id = ? AND minute >= ? AND minute < ?""";

    private static final String SESSIONS = """
            SELECT %s AS cc, x.device_id, COALESCE(x.user_name, 'device:' || x.device_id), x.started_at, x.ended_at
            FROM usage_session x
            %s
            WHERE x.tenant_id = ? AND x.product_id = ? AND x.started_at < ?
              AND (x.ended_at > ? OR (x.ended_at = x.started_at AND x.started_at >= ?))""".formatted(COST_CENTER, MEMBERS);

    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);
    private static final BigDecimal MICROS_PER_HOUR = BigDecimal.valueOf(3_600_000_000L);

    private final DataSource dataSource;
    private final ConsumptionQuery consumption;

    @Inject
    public StoreUsageMeter(DataSource dataSource, ConsumptionQuery consumption) {
        this.dataSource = dataSource;
        this.consumption = consumption;
    }

    @Override
    public Usage measure(String tenant, String product, Metric metric, Instant from, Instant to, Optional<String> scope)
            throws SQLException {
        SortedMap<String, BigDecimal> shares;
        try (Connection c = dataSource.getConnection()) {
            c.setReadOnly(true);
            shares = switch (metric) {
                case LAUNCHES, USAGE_HOURS -> counters(c, metric, tenant, product, from, to);
                default -> SessionUsage.perCostCenter(metric, sessions(c, tenant, product, from, to), from, to);
            };
        }
        if (scope.isPresent()) {
            BigDecimal own = shares.getOrDefault(scope.get(), BigDecimal.ZERO);
            shares = new TreeMap<>();
            shares.put(scope.get(), own);
        }
        BigDecimal consumed = switch (metric) {
            case LAUNCHES -> scope.isPresent() ? sum(shares) : minuteTotal(metric, tenant, product, from, to);
            case USAGE_HOURS -> hours(scope.isPresent() ? sum(shares) : minuteTotal(metric, tenant, product, from, to),
                    SECONDS_PER_HOUR);
            case SESSION_HOURS -> hours(sum(shares), MICROS_PER_HOUR);
            default -> consumption.value(tenant, product, metric, from, to, scope);
        };
        return new Usage(consumed, shares);
    }

    /**
     * Launches or active seconds per cost center: a session inside [from, to) adds its counters (sums of
     * its metered events) to its cost center; the events of sessions that cross an edge of the window
     * are counted one by one, each with its own cost center. The same as counting every event whenever
     * a session's events carry one user, which is how agents report them.
     */
    private static SortedMap<String, BigDecimal> counters(Connection c, Metric metric, String tenant, String product,
                                                          Instant from, Instant to) throws SQLException {
        SortedMap<String, BigDecimal> shares = new TreeMap<>();
        List<String[]> crossingStart = new ArrayList<>();
        List<String[]> crossingEnd = new ArrayList<>();
        Instant lastEndAfterStart = from;
        Instant firstStartBeforeEnd = to;
        long fromMicros = SessionUsage.micros(from);
        long toMicros = SessionUsage.micros(to);
        try (PreparedStatement s = c.prepareStatement(SESSION_COUNTERS)) {
            s.setString(1, tenant);
            s.setString(2, product);
            s.setTimestamp(3, Timestamp.from(to));
            s.setTimestamp(4, Timestamp.from(from));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Instant start = rs.getTimestamp(4).toInstant();
                    Instant end = rs.getTimestamp(5).toInstant();
                    String[] id = {rs.getString(2), rs.getString(3)};
                    if (SessionUsage.micros(start) < fromMicros) {
                        crossingStart.add(id);
                        lastEndAfterStart = end.isAfter(lastEndAfterStart) ? end : lastEndAfterStart;
                    } else if (SessionUsage.micros(end) >= toMicros) {
                        crossingEnd.add(id);
                        firstStartBeforeEnd = start.isBefore(firstStartBeforeEnd) ? start : firstStartBeforeEnd;
                    } else {
                        shares.merge(rs.getString(1), rs.getBigDecimal(metric == Metric.LAUNCHES ? 6 : 7), BigDecimal::add);
                    }
                }
            }
        }
        Instant startEdgeTo = lastEndAfterStart.isBefore(to) ? lastEndAfterStart.plusNanos(1000) : to;
        eventsOf(c, metric, tenant, product, from, startEdgeTo, crossingStart, shares);
        eventsOf(c, metric, tenant, product, firstStartBeforeEnd, to, crossingEnd, shares);
        return shares;
    }

    private static void eventsOf(Connection c, Metric metric, String tenant, String product, Instant from, Instant to,
                                 List<String[]> sessions, SortedMap<String, BigDecimal> shares) throws SQLException {
        if (sessions.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(EVENTS_OF_SESSIONS)) {
            s.setString(1, tenant);
            s.setString(2, product);
            s.setTimestamp(3, Timestamp.from(from));
            s.setTimestamp(4, Timestamp.from(to));
            s.setArray(5, c.createArrayOf("text", sessions.stream().map(x -> x[0]).toArray()));
            s.setArray(6, c.createArrayOf("text", sessions.stream().map(x -> x[1]).toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    shares.merge(rs.getString(1), rs.getBigDecimal(metric == Metric.LAUNCHES ? 2 : 3), BigDecimal::add);
                }
            }
        }
    }

    private BigDecimal minuteTotal(Metric metric, String tenant, String product, Instant from, Instant to)
            throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(MINUTE_TOTALS)) {
            s.setString(1, tenant);
            s.setString(2, product);
            s.setTimestamp(3, Timestamp.from(from));
            s.setTimestamp(4, Timestamp.from(to));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(metric == Metric.LAUNCHES ? 1 : 2);
            }
        }
    }

    static List<SessionUsage.Row> sessions(Connection c, String tenant, String product, Instant from, Instant to)
            throws SQLException {
        List<SessionUsage.Row> rows = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(SESSIONS)) {
            s.setString(1, tenant);
            s.setString(2, product);
            s.setTimestamp(3, Timestamp.from(to));
            s.setTimestamp(4, Timestamp.from(from));
            s.setTimestamp(5, Timestamp.from(from));
            s.setFetchSize(5000);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new SessionUsage.Row(rs.getString(1), rs.getString(2), rs.getString(3),
                            SessionUsage.micros(rs.getTimestamp(4).toInstant()),
                            SessionUsage.micros(rs.getTimestamp(5).toInstant())));
                }
            }
        }
        return rows;
    }

    static BigDecimal sum(SortedMap<String, BigDecimal> shares) {
        return shares.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** As ConsumptionQuery: 6 decimals, HALF_EVEN, no trailing zeros. */
    static BigDecimal hours(BigDecimal units, BigDecimal perHour) {
        return Money.plain(units.divide(perHour, 6, RoundingMode.HALF_EVEN));
    }
}
