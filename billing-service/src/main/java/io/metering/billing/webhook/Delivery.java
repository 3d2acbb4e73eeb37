package io.metering.billing.webhook;

import java.time.Instant;

/** One alert to one webhook, as the delivery log shows it. */
public record Delivery(long id, String alert, String status, int attempts, Integer lastStatus, String lastError,
                       Instant createdAt, Instant nextAttemptAt, Instant deliveredAt) {
}
