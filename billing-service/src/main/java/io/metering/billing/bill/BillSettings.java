package io.metering.billing.bill;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Bill lifecycle settings ({@code metering.bills.*}). */
@ConfigMapping(prefix = "metering.bills")
public interface BillSettings {

    /**
     * Days after a period's end during which its bill stays DRAFT and cannot be finalized, so that late
     * usage still lands in it. At least 3 keeps every metered event (accepted up to 31 days late) out of
     * the window where it could miss both the bill and the next one's adjustment (docs/bills.md).
     */
    @WithDefault("3")
    int graceDays();

    /** Finalize every tenant's previous-month bill automatically once its grace period is over. */
    @WithDefault("false")
    boolean autoFinalize();
}
