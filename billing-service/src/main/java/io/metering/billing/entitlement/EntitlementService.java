package io.metering.billing.entitlement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import io.metering.billing.audit.AuditLog;
import io.metering.billing.audit.Transactions;
import io.metering.billing.error.ApiException;
import io.metering.billing.product.ProductRepository;

/**
 * Changes entitlements: one transaction writes the row, its audit entry and its outbox record; after the
 * commit the record is published and the product's caps are evaluated again. Thread-safe.
 */
@ApplicationScoped
public class EntitlementService {

    private final Transactions transactions;
    private final EntitlementRepository entitlements;
    private final ProductRepository products;
    private final AuditLog audit;
    private final EntitlementPublisher publisher;
    private final Event<EntitlementChanged> changed;

    @Inject
    public EntitlementService(Transactions transactions, EntitlementRepository entitlements, ProductRepository products,
                              AuditLog audit, EntitlementPublisher publisher, Event<EntitlementChanged> changed) {
        this.transactions = transactions;
        this.entitlements = entitlements;
        this.products = products;
        this.audit = audit;
        this.publisher = publisher;
        this.changed = changed;
    }

    public List<Entitlement> list(String tenant, Optional<String> product) throws SQLException {
        return transactions.inTransaction(c -> entitlements.list(c, tenant, product));
    }

    public Entitlement get(String tenant, String id) throws SQLException {
        return transactions.inTransaction(c -> entitlements.find(c, tenant, id))
                .orElseThrow(() -> new ApiException.NotFound("Entitlement", id));
    }

    public Entitlement create(String tenant, String actor, Entitlement e) throws SQLException {
        transactions.inTransaction(c -> {
            checkReferences(c, tenant, e);
            if (!entitlements.insert(c, tenant, e)) {
                throw new ApiException.Conflict("Entitlement '" + e.id() + "' exists; use PUT /api/v1/entitlements/" + e.id());
            }
            audit.record(c, tenant, actor, AuditLog.ENTITLEMENT, e.id(), null, e);
            EntitlementOutbox.add(c, tenant, e, false);
            return e;
        });
        afterCommit(tenant, e.product());
        return e;
    }

    public Entitlement update(String tenant, String actor, Entitlement e) throws SQLException {
        Entitlement before = transactions.inTransaction(c -> {
            Entitlement old = entitlements.find(c, tenant, e.id())
                    .orElseThrow(() -> new ApiException.NotFound("Entitlement", e.id()));
            checkReferences(c, tenant, e);
            entitlements.update(c, tenant, e);
            audit.record(c, tenant, actor, AuditLog.ENTITLEMENT, e.id(), old, e);
            EntitlementOutbox.add(c, tenant, e, false);
            return old;
        });
        afterCommit(tenant, e.product());
        if (!before.product().equals(e.product())) {
            afterCommit(tenant, before.product());
        }
        return e;
    }

    public void delete(String tenant, String actor, String id) throws SQLException {
        Entitlement before = transactions.inTransaction(c -> {
            Entitlement old = entitlements.find(c, tenant, id).orElseThrow(() -> new ApiException.NotFound("Entitlement", id));
            entitlements.delete(c, tenant, id);
            audit.record(c, tenant, actor, AuditLog.ENTITLEMENT, id, old, null);
            EntitlementOutbox.add(c, tenant, old, true);
            return old;
        });
        afterCommit(tenant, before.product());
    }

    private void checkReferences(Connection c, String tenant, Entitlement e) throws SQLException {
        if (products.find(c, tenant, e.product()).isEmpty()) {
            throw new ApiException.Invalid("product '" + e.product() + "' does not exist; create it under /api/v1/products first");
        }
        if (e.costCenter() != null && !costCenterExists(c, tenant, e.costCenter())) {
            throw new ApiException.Invalid("scope.costCenter '" + e.costCenter() + "' does not exist");
        }
    }

    private static boolean costCenterExists(Connection c, String tenant, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM cost_center WHERE tenant_id = ? AND id = ? FOR SHARE")) {
            s.setString(1, tenant);
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void afterCommit(String tenant, String product) {
        publisher.publishSoon();
        changed.fire(new EntitlementChanged(tenant, product));
    }
}
