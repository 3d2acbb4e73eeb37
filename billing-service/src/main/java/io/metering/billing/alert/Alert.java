package io.metering.billing.alert;

import java.math.BigDecimal;
import java.time.Instant;

/** A license alert as the API and webhooks show it (DESIGN.md section 9). */
public record Alert(String id, String entitlement, String product, String metric, String period, BigDecimal threshold,
                    BigDecimal consumed, BigDecimal quantity, Instant at) {
}
