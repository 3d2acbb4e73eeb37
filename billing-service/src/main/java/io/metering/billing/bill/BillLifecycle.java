package io.metering.billing.bill;

import java.time.Duration;
import java.time.Instant;

import io.metering.billing.error.ApiException;

/** When a period's bill may be finalized: not before the period's end plus the grace days. Immutable. */
public record BillLifecycle(int graceDays) {

    public BillLifecycle {
        if (graceDays < 0) {
            throw new IllegalArgumentException("metering.bills.grace-days must not be negative: " + graceDays);
        }
    }

    public Instant finalizableFrom(BillPeriod period) {
        return period.end().plus(Duration.ofDays(graceDays));
    }

    public boolean finalizable(BillPeriod period, Instant now) {
        return !now.isBefore(finalizableFrom(period));
    }

    /** Throws 409 with the reason when the bill must stay DRAFT at {@code now}. */
    public void requireFinalizable(BillPeriod period, Instant now) {
        if (now.isBefore(period.end())) {
            throw new ApiException.Conflict("The period " + period + " is still open; its bill can be finalized from "
                    + finalizableFrom(period) + " (the period's end plus " + graceDays + " grace days)");
        }
        if (!finalizable(period, now)) {
            throw new ApiException.Conflict("The bill of " + period + " is in its grace period for late usage; it can be "
                    + "finalized from " + finalizableFrom(period) + " (the period's end plus " + graceDays + " grace days)");
        }
    }
}
