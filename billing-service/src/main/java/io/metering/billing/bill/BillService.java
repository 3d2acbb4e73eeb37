package io.metering.billing.bill;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.metering.billing.error.ApiException;

/**
 * A tenant's bill for a period: the stored snapshot once finalized, else a DRAFT computed now; and
 * finalization. Thread-safe.
 */
@ApplicationScoped
public class BillService {

    private static final Logger LOG = Logger.getLogger(BillService.class);

    private final BilledEntitlements entitlements;
    private final BillStore store;
    private final BillCalculator calculator;
    private final BillLifecycle lifecycle;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public BillService(BilledEntitlements entitlements, BillStore store, StoreUsageMeter meter, BillSettings settings) {
        this.entitlements = entitlements;
        this.store = store;
        this.calculator = new BillCalculator(meter);
        this.lifecycle = new BillLifecycle(settings.graceDays());
    }

    public Instant now() {
        return clock.instant();
    }

    public BillLifecycle lifecycle() {
        return lifecycle;
    }

    public Bill bill(String tenant, BillPeriod period) throws SQLException {
        var finalized = store.finalized(tenant, period);
        return finalized.isPresent() ? finalized.get() : draft(tenant, period);
    }

    public Bill finalize(String tenant, BillPeriod period, String by) throws SQLException {
        var existing = store.finalized(tenant, period);
        if (existing.isPresent()) {
            throw alreadyFinalized(existing.get());
        }
        Instant now = now();
        lifecycle.requireFinalizable(period, now);
        Bill bill = draft(tenant, period).finalized(now.truncatedTo(ChronoUnit.MILLIS), by);
        if (!store.insert(bill)) {
            throw alreadyFinalized(store.finalized(tenant, period).orElseThrow());
        }
        LOG.infof("Finalized the bill of tenant %s for %s by %s: %d lines, content hash %s", tenant, period, by,
                bill.lines().size(), bill.contentHash());
        return bill;
    }

    private Bill draft(String tenant, BillPeriod period) throws SQLException {
        return calculator.draft(tenant, period, entitlements.validIn(tenant, period),
                store.finalized(tenant, period.previous()));
    }

    private static ApiException alreadyFinalized(Bill bill) {
        return new ApiException.Conflict("The bill of " + bill.period() + " was finalized at " + bill.finalizedAt()
                + " by " + bill.finalizedBy() + " (content hash " + bill.contentHash() + "); it never changes, later "
                + "usage goes on the next bill as adjustments");
    }
}
