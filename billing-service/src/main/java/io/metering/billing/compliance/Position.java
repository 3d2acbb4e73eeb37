package io.metering.billing.compliance;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where one entitlement stands in a period: entitled {@code quantity} against {@code consumed} (for
 * concurrent metrics the period's peak, with {@code current} the value now), how much {@code over} or
 * {@code under}, and what the shortfall costs at the overage price.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Position(String product, String entitlement, String metric, String costCenter, String period,
                       BigDecimal quantity, BigDecimal consumed, BigDecimal current, BigDecimal peak, BigDecimal over,
                       BigDecimal under, String status, String currency, String overagePrice, String shortfallCost) {
}
