package io.metering.billing.bill;

import java.sql.SQLException;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.metering.billing.error.ApiException;
import io.quarkus.scheduler.Scheduled;

/**
 * With {@code metering.bills.auto-finalize=true}, finalizes every tenant's previous-month bill once its
 * grace period is over (checked every 10 minutes). Safe with several instances: a bill is stored once.
 */
@ApplicationScoped
public class AutoFinalizer {

    static final String BY = "auto-finalize";
    private static final Logger LOG = Logger.getLogger(AutoFinalizer.class);

    private final BillService bills;
    private final BillStore store;
    private final BillSettings settings;

    @Inject
    public AutoFinalizer(BillService bills, BillStore store, BillSettings settings) {
        this.bills = bills;
        this.store = store;
        this.settings = settings;
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() throws SQLException {
        if (settings.autoFinalize()) {
            finalizeDue(bills.now());
        }
    }

    /** Finalizes the previous month's bill of each billed tenant when due and not done; returns how many. */
    public int finalizeDue(Instant now) throws SQLException {
        BillPeriod period = BillPeriod.containing(now).previous();
        if (!bills.lifecycle().finalizable(period, now)) {
            return 0;
        }
        int finalized = 0;
        for (String tenant : store.billedTenants()) {
            if (store.finalized(tenant, period).isEmpty()) {
                try {
                    bills.finalize(tenant, period, BY);
                    finalized++;
                } catch (ApiException.Conflict e) {
                    LOG.debugf("Bill of %s for %s not auto-finalized: %s", tenant, period, e.getMessage());
                }
            }
        }
        return finalized;
    }
}
