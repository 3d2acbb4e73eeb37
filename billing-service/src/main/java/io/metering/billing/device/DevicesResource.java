package io.metering.billing.device;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.metering.billing.auth.Caller;
import io.metering.schemas.Roles;

/** {@code GET /api/v1/devices}: the tenant's agents, when they were last seen and in which state. */
@Path("/api/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
public class DevicesResource {

    private final DataSource dataSource;
    private final Caller caller;

    @Inject
    public DevicesResource(DataSource dataSource, Caller caller) {
        this.dataSource = dataSource;
        this.caller = caller;
    }

    public record Device(String id, String hostname, String agentVersion, Instant enrolledAt, Instant lastSeenAt,
                         long batches, long evictedEvents, String enrollment) {
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.LICENSE_MANAGER})
    public List<Device> list() throws SQLException {
        List<Device> devices = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     SELECT device_id, hostname, agent_version, enrolled_at, last_seen_at, last_batch_seq,
                            evicted_events, revoked_at IS NOT NULL
                     FROM device WHERE tenant_id = ? ORDER BY device_id""")) {
            s.setString(1, caller.tenant());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    devices.add(new Device(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4).toInstant(),
                            rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(),
                            rs.getLong(6), rs.getLong(7), rs.getBoolean(8) ? "REVOKED" : "ENROLLED"));
                }
            }
        }
        return devices;
    }
}
