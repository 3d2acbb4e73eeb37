package io.metering.billing.audit;

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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.billing.auth.Caller;
import io.metering.billing.error.ApiException;
import io.metering.schemas.Roles;

/** {@code GET /api/v1/audit[?entity=&id=&limit=]}: who changed what and when, newest first. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    static final int MAX_LIMIT = 1000;

    private final DataSource dataSource;
    private final Caller caller;
    private final ObjectMapper json;

    @Inject
    public AuditResource(DataSource dataSource, Caller caller, ObjectMapper json) {
        this.dataSource = dataSource;
        this.caller = caller;
        this.json = json;
    }

    public record AuditEntry(long seq, Instant at, String actor, String entity, String id, String action,
                             JsonNode before, JsonNode after) {
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.LICENSE_MANAGER, Roles.FINANCE})
    @Operation(summary = "Changes to products, entitlements, cost centers and webhooks, newest first")
    public List<AuditEntry> list(@QueryParam("entity") String entity, @QueryParam("id") String id,
                                 @QueryParam("limit") Integer limit) throws SQLException {
        int max = limit == null ? 200 : limit;
        if (max < 1 || max > MAX_LIMIT) {
            throw new ApiException.Invalid("limit must be between 1 and " + MAX_LIMIT);
        }
        List<AuditEntry> entries = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     SELECT seq, at, actor, entity, entity_id, action, before::text, after::text FROM audit_log
                     WHERE tenant_id = ? AND (?::text IS NULL OR entity = ?::text) AND (?::text IS NULL OR entity_id = ?::text)
                     ORDER BY seq DESC LIMIT ?""")) {
            s.setString(1, caller.tenant());
            s.setString(2, entity);
            s.setString(3, entity);
            s.setString(4, id);
            s.setString(5, id);
            s.setInt(6, max);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    entries.add(new AuditEntry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), parse(rs.getString(7)),
                            parse(rs.getString(8))));
                }
            }
        }
        return entries;
    }

    private JsonNode parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("Stored audit JSON is invalid", e);
        }
    }
}
