package io.metering.billing.bill;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

import io.metering.billing.consumption.Metric;

/** Measures a metric of a product over [from, to) with each cost center's share of it. */
public interface UsageMeter {

    /**
     * @param scope a cost center: only its usage counts and it holds the whole share
     */
    Usage measure(String tenant, String product, Metric metric, Instant from, Instant to, Optional<String> scope)
            throws SQLException;
}
