package io.metering.billing.webhook;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/** The {@code webhook} and {@code webhook_delivery} tables, on the caller's connection. */
@ApplicationScoped
public class WebhookRepository {

    public List<Webhook> list(Connection c, String tenant) throws SQLException {
        List<Webhook> result = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, url, secret FROM webhook WHERE tenant_id = ? ORDER BY id")) {
            s.setString(1, tenant);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    result.add(new Webhook(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return result;
    }

    public Optional<Webhook> find(Connection c, String tenant, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id, url, secret FROM webhook WHERE tenant_id = ? AND id = ? FOR UPDATE")) {
            s.setString(1, tenant);
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Webhook(rs.getString(1), rs.getString(2), rs.getString(3))) : Optional.empty();
            }
        }
    }

    public boolean insert(Connection c, String tenant, Webhook w) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO webhook (tenant_id, id, url, secret) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            s.setString(1, tenant);
            s.setString(2, w.id());
            s.setString(3, w.url());
            s.setString(4, w.secret());
            return s.executeUpdate() == 1;
        }
    }

    public void update(Connection c, String tenant, Webhook w) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE webhook SET url = ?, secret = ?, updated_at = now() WHERE tenant_id = ? AND id = ?")) {
            s.setString(1, w.url());
            s.setString(2, w.secret());
            s.setString(3, tenant);
            s.setString(4, w.id());
            s.executeUpdate();
        }
    }

    public void delete(Connection c, String tenant, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM webhook WHERE tenant_id = ? AND id = ?")) {
            s.setString(1, tenant);
            s.setString(2, id);
            s.executeUpdate();
        }
    }

    /** Queues one delivery of {@code payload} per webhook of the tenant; returns how many. */
    public int enqueue(Connection c, String tenant, String alertId, String payload) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO webhook_delivery (tenant_id, webhook_id, alert_id, payload)
                SELECT tenant_id, id, ?, ? FROM webhook WHERE tenant_id = ? ON CONFLICT DO NOTHING""")) {
            s.setString(1, alertId);
            s.setString(2, payload);
            s.setString(3, tenant);
            return s.executeUpdate();
        }
    }

    public List<Delivery> deliveries(Connection c, String tenant, String webhook, int limit) throws SQLException {
        List<Delivery> result = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT id, alert_id, status, attempts, last_status, last_error, created_at, next_attempt_at, delivered_at
                FROM webhook_delivery WHERE tenant_id = ? AND webhook_id = ? ORDER BY id DESC LIMIT ?""")) {
            s.setString(1, tenant);
            s.setString(2, webhook);
            s.setInt(3, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    result.add(new Delivery(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            (Integer) rs.getObject(5), rs.getString(6), instant(rs.getTimestamp(7)),
                            "PENDING".equals(rs.getString(3)) ? instant(rs.getTimestamp(8)) : null,
                            instant(rs.getTimestamp(9))));
                }
            }
        }
        return result;
    }

    /** A due delivery claimed by one worker, with where and how to send it. */
    record Claimed(long id, String url, String secret, String payload, int attempts) {
    }

    /**
     * Claims up to {@code limit} due deliveries: their next attempt moves {@code leaseSeconds} ahead, so
     * another worker (or instance) skips them while this one sends.
     */
    List<Claimed> claimDue(Connection c, int limit, long leaseSeconds) throws SQLException {
        List<Claimed> result = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                WITH due AS (
                    SELECT id FROM webhook_delivery WHERE status = 'PENDING' AND next_attempt_at <= now()
                    ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
                UPDATE webhook_delivery d SET next_attempt_at = now() + make_interval(secs => ?)
                FROM due, webhook w
                WHERE d.id = due.id AND w.tenant_id = d.tenant_id AND w.id = d.webhook_id
                RETURNING d.id, w.url, w.secret, d.payload, d.attempts""")) {
            s.setInt(1, limit);
            s.setLong(2, leaseSeconds);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    result.add(new Claimed(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)));
                }
            }
        }
        return result;
    }

    void recordAttempt(Connection c, long id, String status, Integer httpStatus, String error, Instant nextAttempt)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE webhook_delivery SET status = ?, attempts = attempts + 1, last_status = ?, last_error = ?,
                    next_attempt_at = ?, delivered_at = CASE WHEN ? = 'DELIVERED' THEN now() END
                WHERE id = ?""")) {
            s.setString(1, status);
            s.setObject(2, httpStatus);
            s.setString(3, error);
            s.setTimestamp(4, Timestamp.from(nextAttempt));
            s.setString(5, status);
            s.setLong(6, id);
            s.executeUpdate();
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
