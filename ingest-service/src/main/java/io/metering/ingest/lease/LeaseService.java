package io.metering.ingest.lease;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.metering.ingest.error.ApiException;

/**
 * Grants, renews and releases seat leases like a license server. A grant runs in one transaction that
 * holds a PostgreSQL advisory lock for (tenant, product): it drops expired leases, counts the live ones
 * against each enforced cap and inserts the new lease, so concurrent requests (on any number of
 * instances) never hand out more seats than there are. For concurrent_users a user who already holds a
 * lease of the product takes no further seat. Thread-safe.
 */
@ApplicationScoped
public class LeaseService {

    /** What a grant request got. */
    sealed interface Outcome permits Granted, NotEnforced {
    }

    record Granted(UUID leaseId, String enforcement, Instant expiresAt) implements Outcome {
    }

    record NotEnforced() implements Outcome {
    }

    private final DataSource dataSource;
    private final LeaseSettings settings;

    @Inject
    public LeaseService(DataSource dataSource, LeaseSettings settings) {
        this.dataSource = dataSource;
        this.settings = settings;
    }

    public Outcome grant(String tenant, LeaseRequest r) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Outcome outcome = grant(c, tenant, r);
                c.commit();
                return outcome;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private Outcome grant(Connection c, String tenant, LeaseRequest r) throws SQLException {
        if (!enrolled(c, tenant, r.deviceId())) {
            throw new ApiException.Forbidden("unknown_device",
                    "Device '" + r.deviceId() + "' is not enrolled in this tenant (or was revoked)");
        }
        Optional<EnforcedSeats.Enforced> enforced = EnforcedSeats.of(c, tenant, r.productId());
        if (enforced.isEmpty()) {
            return new NotEnforced();
        }
        lock(c, tenant, r.productId());
        dropExpired(c, tenant, r.productId());
        Optional<UUID> same = sameSession(c, tenant, r);
        if (same.isPresent()) {
            return new Granted(same.get(), enforced.get().enforcement(), renew(c, tenant, same.get()).orElseThrow());
        }
        for (EnforcedSeats.Cap cap : enforced.get().caps().values()) {
            if (!seatFree(c, tenant, r, cap)) {
                throw new LeaseAnswers.NoSeat(enforced.get().enforcement(), "All " + cap.seats() + " seats ("
                        + cap.metric() + ") of '" + r.productId() + "' are in use");
            }
        }
        UUID id = UUID.randomUUID();
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO seat_lease (tenant_id, lease_id, product_id, device_id, session_id, user_name, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, now() + make_interval(secs => ?)) RETURNING expires_at""")) {
            s.setString(1, tenant);
            s.setObject(2, id);
            s.setString(3, r.productId());
            s.setString(4, r.deviceId());
            s.setString(5, r.sessionId());
            s.setString(6, r.user() == null || r.user().isBlank() ? null : r.user());
            s.setDouble(7, settings.ttl().toMillis() / 1000.0);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Granted(id, enforced.get().enforcement(), rs.getTimestamp(1).toInstant());
            }
        }
    }

    /** Extends a live lease by the TTL; empty when it expired or never existed. */
    public Optional<Instant> renew(String tenant, UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return renew(c, tenant, id);
        }
    }

    private Optional<Instant> renew(Connection c, String tenant, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE seat_lease SET expires_at = now() + make_interval(secs => ?)
                WHERE tenant_id = ? AND lease_id = ? AND expires_at > now() RETURNING expires_at""")) {
            s.setDouble(1, settings.ttl().toMillis() / 1000.0);
            s.setString(2, tenant);
            s.setObject(3, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.empty();
            }
        }
    }

    /** Frees the seat; releasing an unknown or expired lease is not an error. */
    public void release(String tenant, UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM seat_lease WHERE tenant_id = ? AND lease_id = ?")) {
            s.setString(1, tenant);
            s.setObject(2, id);
            s.executeUpdate();
        }
    }

    long ttlSeconds() {
        return settings.ttl().toSeconds();
    }

    private static boolean enrolled(Connection c, String tenant, String device) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT 1 FROM device WHERE tenant_id = ? AND device_id = ? AND revoked_at IS NULL")) {
            s.setString(1, tenant);
            s.setString(2, device);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void lock(Connection c, String tenant, String product) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 5))")) {
            s.setString(1, "seat_lease/" + tenant + "/" + product);
            s.execute();
        }
    }

    private static void dropExpired(Connection c, String tenant, String product) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "DELETE FROM seat_lease WHERE tenant_id = ? AND product_id = ? AND expires_at <= now()")) {
            s.setString(1, tenant);
            s.setString(2, product);
            s.executeUpdate();
        }
    }

    private static Optional<UUID> sameSession(Connection c, String tenant, LeaseRequest r) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT lease_id FROM seat_lease WHERE tenant_id = ? AND product_id = ? AND device_id = ? AND session_id = ?""")) {
            s.setString(1, tenant);
            s.setString(2, r.productId());
            s.setString(3, r.deviceId());
            s.setString(4, r.sessionId());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    private static boolean seatFree(Connection c, String tenant, LeaseRequest r, EnforcedSeats.Cap cap) throws SQLException {
        boolean users = "concurrent_users".equals(cap.metric());
        String identity = "COALESCE(user_name, 'device:' || device_id)";
        try (PreparedStatement s = c.prepareStatement("SELECT "
                + (users ? "count(DISTINCT " + identity + "), bool_or(" + identity + " = ?)" : "count(*), false")
                + " FROM seat_lease WHERE tenant_id = ? AND product_id = ?")) {
            int i = 1;
            if (users) {
                s.setString(i++, r.identity());
            }
            s.setString(i++, tenant);
            s.setString(i, r.productId());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(2) || rs.getLong(1) < cap.seats();
            }
        }
    }
}
