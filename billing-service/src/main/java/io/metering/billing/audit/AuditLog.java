package io.metering.billing.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes audit entries on the caller's connection, so an entry commits with the change it records.
 * {@code before} is null for a creation, {@code after} for a deletion. Thread-safe.
 */
@ApplicationScoped
public class AuditLog {

    /** What was changed; the names are the {@code entity} filter of {@code GET /api/v1/audit}. */
    public static final String PRODUCT = "product";
    public static final String ENTITLEMENT = "entitlement";
    public static final String COST_CENTER = "cost_center";
    public static final String COST_CENTER_MEMBERS = "cost_center_members";
    public static final String WEBHOOK = "webhook";

    private final ObjectMapper json;

    @Inject
    public AuditLog(ObjectMapper json) {
        this.json = json;
    }

    public void record(Connection c, String tenant, String actor, String entity, String id, Object before,
                       Object after) throws SQLException {
        String action = before == null ? "create" : after == null ? "delete" : "update";
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO audit_log (tenant_id, actor, entity, entity_id, action, before, after)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)""")) {
            s.setString(1, tenant);
            s.setString(2, actor == null ? "unknown" : actor);
            s.setString(3, entity);
            s.setString(4, id);
            s.setString(5, action);
            s.setString(6, toJson(before));
            s.setString(7, toJson(after));
            s.executeUpdate();
        }
    }

    private String toJson(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an audit entry as JSON", e);
        }
    }
}
