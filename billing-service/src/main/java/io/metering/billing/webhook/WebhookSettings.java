package io.metering.billing.webhook;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Delivery of license alerts to webhooks. */
@ConfigMapping(prefix = "metering.webhooks")
public interface WebhookSettings {

    /** How often the delivery worker looks for due deliveries when nobody woke it. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Timeout of one POST (connect and answer). */
    @WithDefault("5s")
    Duration requestTimeout();

    /** Delay before the first retry; each further retry waits twice as long. */
    @WithDefault("2s")
    Duration initialBackoff();

    /** The longest wait between two attempts. */
    @WithDefault("1h")
    Duration maxBackoff();

    /** Attempts before a delivery is FAILED for good. */
    @WithDefault("10")
    int maxAttempts();

    /** Deliveries one worker claims at a time. */
    @WithDefault("20")
    int batchSize();
}
