package io.metering.billing.bill;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Finalized bills: one row per tenant and period holding the canonical snapshot and its hash. Rows are
 * only ever inserted; the table's trigger refuses updates and deletes (V10). Thread-safe.
 */
@ApplicationScoped
public class BillStore {

    private final DataSource dataSource;

    @Inject
    public BillStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<Bill> finalized(String tenant, BillPeriod period) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT snapshot FROM finalized_bill WHERE tenant_id = ? AND period = ?")) {
            s.setString(1, tenant);
            s.setString(2, period.toString());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(BillJson.parse(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** Stores a finalized bill; false when the period was finalized already (by another request or instance). */
    public boolean insert(Bill bill) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO finalized_bill (tenant_id, period, content_hash, snapshot, finalized_at, finalized_by)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            s.setString(1, bill.tenant());
            s.setString(2, bill.period());
            s.setString(3, bill.contentHash());
            s.setString(4, BillJson.canonical(bill));
            s.setTimestamp(5, Timestamp.from(bill.finalizedAt()));
            s.setString(6, bill.finalizedBy());
            return s.executeUpdate() == 1;
        }
    }

    /** Tenants that have entitlements: the ones auto-finalization looks at. */
    public List<String> billedTenants() throws SQLException {
        List<String> tenants = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT DISTINCT tenant_id FROM entitlement ORDER BY tenant_id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                tenants.add(rs.getString(1));
            }
        }
        return tenants;
    }
}
