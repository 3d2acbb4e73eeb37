package io.metering.billing.bill;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import io.metering.billing.consumption.Metric;

/**
 * What one bill line prices: an entitlement's terms as they were when the line was computed, and the
 * days [from, to] (inclusive, within one month) it was valid in the bill's period. Immutable.
 *
 * @param period     the entitlement's period: {@code day}, {@code month} or {@code year}
 * @param costCenter the entitlement's scope, or null for the whole tenant
 */
public record LineTerms(String entitlement, String product, Metric metric, String pricing, String period,
                        BigDecimal quantity, BigDecimal unitPrice, BigDecimal overagePrice, String currency,
                        String costCenter, LocalDate from, LocalDate to) {

    public static final String COMMITTED = "committed";
    public static final String USAGE = "usage";

    public boolean usagePriced() {
        return USAGE.equals(pricing);
    }

    public boolean daily() {
        return "day".equals(period);
    }

    /** Days of validity in the period. */
    public int days() {
        return (int) ChronoUnit.DAYS.between(from, to) + 1;
    }

    /**
     * The denominator of the part of one entitlement period this line covers: the month's days for a
     * monthly entitlement, twelve times that for a yearly one (a month is 1/12 of a year), 1 per day for
     * a daily one.
     */
    public BigDecimal periodDays() {
        int monthDays = YearMonth.from(from).lengthOfMonth();
        return switch (period) {
            case "day" -> BigDecimal.ONE;
            case "year" -> BigDecimal.valueOf(12L * monthDays);
            default -> BigDecimal.valueOf(monthDays);
        };
    }

    public Optional<String> scope() {
        return Optional.ofNullable(costCenter);
    }

    /**
     * Additive metrics (launches, hours) are sums over time: their quantity is an allowance for the
     * whole entitlement period and is prorated. The others are levels (devices, users, peaks): their
     * quantity is a number of licences, whatever the length of the window.
     */
    public static boolean additive(Metric metric) {
        return metric == Metric.LAUNCHES || metric == Metric.USAGE_HOURS || metric == Metric.SESSION_HOURS;
    }
}
