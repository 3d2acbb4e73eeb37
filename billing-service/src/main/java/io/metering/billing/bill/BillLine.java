package io.metering.billing.bill;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;

import io.metering.billing.consumption.Metric;

/**
 * One line of a bill: an entitlement priced over the days it was valid in the period, or an
 * adjustment of a finalized earlier bill ({@code adjusts} names that period). Money is in the line's
 * currency at its minor units; {@code amount = committed + overage} and the allocations add up to it.
 * See docs/bills.md for every field. Immutable.
 */
public record BillLine(String kind, String adjusts, String entitlement, String product, String metric, String pricing,
                       String period, String costCenter, LocalDate from, LocalDate to, BigDecimal quantity,
                       BigDecimal consumed, BigDecimal overageQuantity,
                       @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal unitPrice,
                       @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal overagePrice,
                       String currency,
                       @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal committed,
                       @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal overage,
                       @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
                       List<Allocation> allocations) {

    public static final String ENTITLEMENT = "entitlement";
    public static final String ADJUSTMENT = "adjustment";

    public BillLine {
        allocations = List.copyOf(allocations);
    }

    /** The terms this line was priced with, to price it again from a snapshot. */
    @JsonIgnore
    public LineTerms terms() {
        return new LineTerms(entitlement, product, Metric.parse(metric), pricing, period, quantity, unitPrice,
                overagePrice, currency, costCenter, from, to);
    }

    @JsonIgnore
    public boolean isAdjustment() {
        return ADJUSTMENT.equals(kind);
    }
}
