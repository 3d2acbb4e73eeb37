package io.metering.billing.alert;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.metering.billing.entitlement.EntitlementRules;

/** The {@code license_alert} table; the unique (tenant, entitlement, period, threshold) makes an alert fire once. */
@ApplicationScoped
public class AlertRepository {

    private static final String COLUMNS = "id, entitlement_id, product_id, metric, period, threshold, consumed, quantity, fired_at";

    /** Thresholds of an entitlement that already fired in a period. */
    public Set<BigDecimal> firedThresholds(Connection c, String tenant, String entitlement, String period) throws SQLException {
        Set<BigDecimal> fired = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT threshold FROM license_alert WHERE tenant_id = ? AND entitlement_id = ? AND period = ?")) {
            s.setString(1, tenant);
            s.setString(2, entitlement);
            s.setString(3, period);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    fired.add(EntitlementRules.normalised(rs.getBigDecimal(1)));
                }
            }
        }
        return fired;
    }

    /** Stores the alert unless this threshold already fired; true when this call stored it. */
    public boolean insertOnce(Connection c, String tenant, Alert a) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO license_alert (tenant_id, id, entitlement_id, product_id, metric, period, threshold, consumed,
                    quantity, fired_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            s.setString(1, tenant);
            s.setString(2, a.id());
            s.setString(3, a.entitlement());
            s.setString(4, a.product());
            s.setString(5, a.metric());
            s.setString(6, a.period());
            s.setBigDecimal(7, a.threshold());
            s.setBigDecimal(8, a.consumed());
            s.setBigDecimal(9, a.quantity());
            s.setTimestamp(10, Timestamp.from(a.at()));
            return s.executeUpdate() == 1;
        }
    }

    public List<Alert> list(Connection c, String tenant, Optional<String> product, Optional<String> period, int limit)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM license_alert WHERE tenant_id = ? "
                + "AND (?::text IS NULL OR product_id = ?::text) AND (?::text IS NULL OR period = ?::text) "
                + "ORDER BY fired_at DESC, id LIMIT ?")) {
            s.setString(1, tenant);
            s.setString(2, product.orElse(null));
            s.setString(3, product.orElse(null));
            s.setString(4, period.orElse(null));
            s.setString(5, period.orElse(null));
            s.setInt(6, limit);
            return read(s);
        }
    }

    /** Alerts stored more than {@code olderThan} ago and not yet on the topic, with their tenant. */
    public List<TenantAlert> unpublished(Connection c, Instant olderThan) throws SQLException {
        List<TenantAlert> result = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT tenant_id, " + COLUMNS
                + " FROM license_alert WHERE published_at IS NULL AND fired_at < ? ORDER BY fired_at LIMIT 500")) {
            s.setTimestamp(1, Timestamp.from(olderThan));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    result.add(new TenantAlert(rs.getString(1), alert(rs, 2)));
                }
            }
        }
        return result;
    }

    public void markPublished(Connection c, String tenant, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE license_alert SET published_at = now() WHERE tenant_id = ? AND id = ?")) {
            s.setString(1, tenant);
            s.setString(2, id);
            s.executeUpdate();
        }
    }

    /** An alert with the tenant it belongs to. */
    public record TenantAlert(String tenant, Alert alert) {
    }

    private static List<Alert> read(PreparedStatement s) throws SQLException {
        List<Alert> result = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                result.add(alert(rs, 1));
            }
        }
        return result;
    }

    private static Alert alert(ResultSet rs, int i) throws SQLException {
        return new Alert(rs.getString(i), rs.getString(i + 1), rs.getString(i + 2), rs.getString(i + 3),
                rs.getString(i + 4), EntitlementRules.normalised(rs.getBigDecimal(i + 5)),
                EntitlementRules.normalised(rs.getBigDecimal(i + 6)), EntitlementRules.normalised(rs.getBigDecimal(i + 7)),
                rs.getTimestamp(i + 8).toInstant());
    }
}
