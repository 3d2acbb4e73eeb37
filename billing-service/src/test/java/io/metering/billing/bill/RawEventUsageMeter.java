package io.metering.billing.bill;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import javax.sql.DataSource;

import io.metering.billing.consumption.Metric;

/**
 * The benchmark's baseline: a bill measured from {@code usage_event} alone, rebuilding each session from
 * its events (start = first LAUNCH, else the earliest processStartedAt/occurredAt; end = last EXIT, else
 * the last event) instead of reading {@code usage_session} and {@code consumption_minute}. Sessions are
 * looked for in events up to a day around the window; launches and active seconds are summed over every
 * event of the window (the benchmark's sessions are shorter than that).
 */
final class RawEventUsageMeter implements UsageMeter {

    private static final String SESSIONS_FROM_EVENTS = """
            SELECT %s AS cc, x.device_id, COALESCE(x.user_name, 'device:' || x.device_id), x.started_at, x.ended_at
            FROM (SELECT tenant_id, device_id, session_id, min(user_name) FILTER (WHERE user_name <> '') AS user_name,
                         COALESCE(min(occurred_at) FILTER (WHERE type = 'LAUNCH'),
                                  min(LEAST(COALESCE(process_started_at, occurred_at), occurred_at))) AS started_at,
                         COALESCE(max(occurred_at) FILTER (WHERE type = 'EXIT'), max(occurred_at)) AS ended_at
                  FROM usage_event
                  WHERE tenant_id = ? AND product_id = ? AND occurred_at >= ? AND occurred_at < ?
                    AND received_at - occurred_at <= interval '31 days' AND type IN ('LAUNCH', 'HEARTBEAT', 'EXIT')
                  GROUP BY tenant_id, device_id, session_id) x
            %s
            WHERE x.started_at < ? AND (x.ended_at > ? OR (x.ended_at = x.started_at AND x.started_at >= ?))"""
            .formatted(StoreUsageMeter.COST_CENTER, StoreUsageMeter.MEMBERS);

    /** Every event of the window, grouped by the cost center of its own user, else device. */
    private static final String EVENTS = """
            SELECT %s AS cc, count(*) FILTER (WHERE x.type = 'LAUNCH'), COALESCE(sum(x.active_seconds), 0)
            FROM usage_event x
            %s
            WHERE x.tenant_id = ? AND x.product_id = ? AND x.occurred_at >= ? AND x.occurred_at < ?
              AND x.received_at - x.occurred_at <= interval '31 days'
            GROUP BY 1""".formatted(StoreUsageMeter.COST_CENTER, StoreUsageMeter.MEMBERS);

    private final DataSource dataSource;
    RawEventUsageMeter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Usage measure(String tenant, String product, Metric metric, Instant from, Instant to, Optional<String> scope)
            throws SQLException {
        if (metric == Metric.LAUNCHES || metric == Metric.USAGE_HOURS) {
            SortedMap<String, BigDecimal> shares = events(metric, tenant, product, from, to);
            if (scope.isPresent()) {
                shares = new TreeMap<>(Map.of(scope.get(), shares.getOrDefault(scope.get(), BigDecimal.ZERO)));
            }
            BigDecimal sum = StoreUsageMeter.sum(shares);
            return new Usage(metric == Metric.LAUNCHES ? sum : StoreUsageMeter.hours(sum, BigDecimal.valueOf(3600)), shares);
        }
        List<SessionUsage.Row> rows = sessions(tenant, product, from, to);
        if (scope.isPresent()) {
            rows = rows.stream().filter(r -> r.costCenter().equals(scope.get())).toList();
        }
        SortedMap<String, BigDecimal> shares = SessionUsage.perCostCenter(metric, rows, from, to);
        List<SessionUsage.Row> all = rows.stream()
                .map(r -> new SessionUsage.Row("*", r.device(), r.identity(), r.startMicros(), r.endMicros())).toList();
        BigDecimal consumed = SessionUsage.perCostCenter(metric, all, from, to).getOrDefault("*", BigDecimal.ZERO);
        if (metric == Metric.SESSION_HOURS) {
            consumed = StoreUsageMeter.hours(consumed, BigDecimal.valueOf(3_600_000_000L));
        }
        return new Usage(consumed, new TreeMap<>(shares));
    }

    private SortedMap<String, BigDecimal> events(Metric metric, String tenant, String product, Instant from, Instant to)
            throws SQLException {
        SortedMap<String, BigDecimal> shares = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(EVENTS)) {
            s.setString(1, tenant);
            s.setString(2, product);
            s.setTimestamp(3, Timestamp.from(from));
            s.setTimestamp(4, Timestamp.from(to));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    shares.put(rs.getString(1), rs.getBigDecimal(metric == Metric.LAUNCHES ? 2 : 3));
                }
            }
        }
        return shares;
    }

    private List<SessionUsage.Row> sessions(String tenant, String product, Instant from, Instant to) throws SQLException {
        List<SessionUsage.Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SESSIONS_FROM_EVENTS)) {
            s.setString(1, tenant);
            s.setString(2, product);
            s.setTimestamp(3, Timestamp.from(from.minus(Duration.ofDays(1))));
            s.setTimestamp(4, Timestamp.from(to.plus(Duration.ofDays(1))));
            s.setTimestamp(5, Timestamp.from(to));
            s.setTimestamp(6, Timestamp.from(from));
            s.setTimestamp(7, Timestamp.from(from));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new SessionUsage.Row(rs.getString(1), rs.getString(2), rs.getString(3),
                            SessionUsage.micros(rs.getTimestamp(4).toInstant()), SessionUsage.micros(rs.getTimestamp(5).toInstant())));
                }
            }
        }
        return rows;
    }
}
