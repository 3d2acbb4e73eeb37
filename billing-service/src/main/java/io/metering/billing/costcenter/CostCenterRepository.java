package io.metering.billing.costcenter;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

/** The {@code cost_center} and {@code cost_center_member} tables, on the caller's connection. */
@ApplicationScoped
public class CostCenterRepository {

    public List<CostCenter> list(Connection c, String tenant) throws SQLException {
        List<CostCenter> result = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, name FROM cost_center WHERE tenant_id = ? ORDER BY id")) {
            s.setString(1, tenant);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    result.add(new CostCenter(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return result;
    }

    /** Locks the row until the transaction ends. */
    public Optional<CostCenter> find(Connection c, String tenant, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id, name FROM cost_center WHERE tenant_id = ? AND id = ? FOR UPDATE")) {
            s.setString(1, tenant);
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new CostCenter(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    public boolean insert(Connection c, String tenant, CostCenter cc) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO cost_center (tenant_id, id, name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            s.setString(1, tenant);
            s.setString(2, cc.id());
            s.setString(3, cc.name());
            return s.executeUpdate() == 1;
        }
    }

    public void rename(Connection c, String tenant, CostCenter cc) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE cost_center SET name = ? WHERE tenant_id = ? AND id = ?")) {
            s.setString(1, cc.name());
            s.setString(2, tenant);
            s.setString(3, cc.id());
            s.executeUpdate();
        }
    }

    /** Deletes the cost center and (by cascade) its members. */
    public void delete(Connection c, String tenant, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM cost_center WHERE tenant_id = ? AND id = ?")) {
            s.setString(1, tenant);
            s.setString(2, id);
            s.executeUpdate();
        }
    }

    public List<String> entitlementsScopedTo(Connection c, String tenant, String id) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id FROM entitlement WHERE tenant_id = ? AND cost_center_id = ? ORDER BY id")) {
            s.setString(1, tenant);
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    public Members members(Connection c, String tenant, String id) throws SQLException {
        List<String> users = new ArrayList<>();
        List<String> devices = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT kind, member FROM cost_center_member WHERE tenant_id = ? AND cost_center_id = ? ORDER BY kind, member""")) {
            s.setString(1, tenant);
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ("user".equals(rs.getString(1)) ? users : devices).add(rs.getString(2));
                }
            }
        }
        return new Members(users, devices);
    }

    /** For each of the members, the cost center it belongs to now (absent: none). Key {@code kind:member}. */
    public Map<String, String> currentCostCenters(Connection c, String tenant, String kind, List<String> members)
            throws SQLException {
        Map<String, String> result = new TreeMap<>();
        if (members.isEmpty()) {
            return result;
        }
        try (PreparedStatement s = c.prepareStatement("""
                SELECT member, cost_center_id FROM cost_center_member
                WHERE tenant_id = ? AND kind = ? AND member = ANY (?) FOR UPDATE""")) {
            s.setString(1, tenant);
            s.setString(2, kind);
            s.setArray(3, c.createArrayOf("text", members.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    result.put(kind + ":" + rs.getString(1), rs.getString(2));
                }
            }
        }
        return result;
    }

    public void clearMembers(Connection c, String tenant, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "DELETE FROM cost_center_member WHERE tenant_id = ? AND cost_center_id = ?")) {
            s.setString(1, tenant);
            s.setString(2, id);
            s.executeUpdate();
        }
    }

    /** Puts each member into the cost center, moving it from any other. */
    public void assign(Connection c, String tenant, String id, String kind, List<String> members) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO cost_center_member (tenant_id, kind, member, cost_center_id) VALUES (?, ?, ?, ?)
                ON CONFLICT (tenant_id, kind, member) DO UPDATE SET cost_center_id = EXCLUDED.cost_center_id""")) {
            for (String m : members) {
                s.setString(1, tenant);
                s.setString(2, kind);
                s.setString(3, m);
                s.setString(4, id);
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
