package io.metering.billing.entitlement;

/** A CDI event after an entitlement change committed: the caps of that product need a new look. */
public record EntitlementChanged(String tenant, String product) {
}
