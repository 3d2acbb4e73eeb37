package io.metering.billing.entitlement;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An entitlement as the API shows it (DESIGN.md section 9): what the tenant, or one cost center, may
 * consume of a product per period, at which prices, with which alert thresholds and enforcement.
 * Prices are decimal strings; {@link EntitlementRules} validates and normalises a request.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Entitlement(String id, String product, String metric, BigDecimal quantity, String period, Scope scope,
                          String unitPrice, String overagePrice, String currency, List<Double> thresholds,
                          String enforcement, LocalDate validFrom, LocalDate validTo, String pricing) {

    /** Tenant-wide when {@code costCenter} is null. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Scope(String costCenter) {
        public static final Scope TENANT = new Scope(null);
    }

    public Entitlement withId(String newId) {
        return new Entitlement(newId, product, metric, quantity, period, scope, unitPrice, overagePrice, currency,
                thresholds, enforcement, validFrom, validTo, pricing);
    }

    public String costCenter() {
        return scope == null ? null : scope.costCenter();
    }

    /** Whether it is valid on {@code day} (validTo inclusive). */
    public boolean validOn(LocalDate day) {
        return !day.isBefore(validFrom) && (validTo == null || !day.isAfter(validTo));
    }
}
