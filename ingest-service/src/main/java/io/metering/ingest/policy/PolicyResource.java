package io.metering.ingest.policy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.ingest.auth.Caller;
import io.metering.ingest.lease.EnforcedSeats;
import io.metering.schemas.Roles;

/**
 * {@code GET /v1/policy}: the caller's catalog of detection rules, as license managers keep it in
 * billing-service (table {@code product}), with a version the agent caches it under.
 */
@Path("/v1/policy")
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {

    private final DataSource dataSource;
    private final Caller caller;
    private final ObjectMapper json;

    @Inject
    public PolicyResource(DataSource dataSource, Caller caller, ObjectMapper json) {
        this.dataSource = dataSource;
        this.caller = caller;
        this.json = json;
    }

    public record Policy(String version, List<ProductPolicy> products, long graceSeconds) {
    }

    public record ProductPolicy(String id, String name, JsonNode rules, String enforcement) {
    }

    @GET
    @RolesAllowed({Roles.AGENT, Roles.ADMIN})
    @Operation(summary = "Detection rules and enforcement policy for the caller's agents")
    public Policy policy() throws SQLException {
        List<ProductPolicy> products = new ArrayList<>();
        long version = 0;
        int enforcementHash = 0;
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     SELECT p.id, p.name, p.rules::text, p.version
                     FROM product p WHERE p.tenant_id = ? ORDER BY p.id""")) {
            // enforcement (warn|deny) of products with an enforced concurrent entitlement valid today
            var enforced = EnforcedSeats.all(c, caller.tenant(), null);
            s.setString(1, caller.tenant());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    var enforcement = enforced.get(rs.getString(1));
                    products.add(new ProductPolicy(rs.getString(1), rs.getString(2), parse(rs.getString(3)),
                            enforcement == null ? "none" : enforcement.enforcement()));
                    enforcementHash = 31 * enforcementHash + (enforcement == null ? 0 : enforcement.hashCode());
                    version = Math.max(version, rs.getLong(4));
                }
            }
        } catch (SQLException e) {
            if (!"42P01".equals(e.getSQLState())) {
                throw e;
            }
            // billing-service has not created the catalog yet: an empty policy
        }
        // an enforcement change changes the version too, so agents refresh their cached policy
        String enforcementTag = enforcementHash == 0 ? "" : "-e" + Integer.toHexString(enforcementHash);
        return new Policy(version + "-" + products.size() + enforcementTag, products, 900);
    }

    private JsonNode parse(String rules) {
        try {
            return json.readTree(rules);
        } catch (Exception e) {
            return json.createArrayNode();
        }
    }
}
