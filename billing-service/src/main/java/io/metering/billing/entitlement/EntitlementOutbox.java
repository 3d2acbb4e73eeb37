package io.metering.billing.entitlement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import io.metering.schemas.Codecs;
import io.metering.schemas.Enforcement;
import io.metering.schemas.EntitlementPeriod;

/** Queues an entitlement change for the compacted topic, in the transaction of the change. Stateless. */
final class EntitlementOutbox {

    private EntitlementOutbox() {
    }

    static void add(Connection c, String tenant, Entitlement e, boolean deleted) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO entitlement_outbox (tenant_id, entitlement_id, payload) VALUES (?, ?, ?)")) {
            s.setString(1, tenant);
            s.setString(2, e.id());
            s.setBytes(3, Codecs.ENTITLEMENT.encode(toRecord(tenant, e, deleted)));
            s.executeUpdate();
        }
    }

    static io.metering.schemas.Entitlement toRecord(String tenant, Entitlement e, boolean deleted) {
        return io.metering.schemas.Entitlement.newBuilder()
                .setId(e.id())
                .setTenantId(tenant)
                .setProductId(e.product())
                .setMetric(e.metric())
                .setQuantity(e.quantity().doubleValue())
                .setPeriod(EntitlementPeriod.valueOf(e.period().toUpperCase()))
                .setCostCenter(e.costCenter())
                .setUnitPrice(e.unitPrice())
                .setOveragePrice(e.overagePrice())
                .setCurrency(e.currency())
                .setThresholds(e.thresholds())
                .setEnforcement(Enforcement.valueOf(e.enforcement().toUpperCase()))
                .setValidFrom(e.validFrom())
                .setValidTo(e.validTo())
                .setDeleted(deleted)
                .build();
    }
}
