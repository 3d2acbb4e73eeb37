package io.metering.billing.alert;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Real-time cap evaluation. Defaults fit production and the local stack. */
@ConfigMapping(prefix = "metering.alerts")
public interface AlertSettings {

    /** Whether this instance consumes usage and evaluates caps at all. */
    @WithDefault("true")
    boolean enabled();

    /** Consumer group reading the consumption and session topics (read_committed). */
    @WithDefault("billing-cap-evaluation")
    String consumerGroup();

    /** Where a new consumer group starts: earliest re-evaluates what the topics still hold (evaluation is idempotent). */
    @WithDefault("earliest")
    String autoOffsetReset();

    /** At most one evaluation per tenant and product in this interval: usage records in between are folded. */
    @WithDefault("500ms")
    Duration debounce();

    /** Every entitlement valid today is evaluated this often anyway (period changes, missed records). */
    @WithDefault("60s")
    Duration sweepInterval();

    /** Usage older than this (by its own time) triggers no evaluation of its past period: the metering horizon. */
    @WithDefault("31d")
    Duration lateHorizon();

    /** An alert not yet on the alerts topic is retried after this long. */
    @WithDefault("10s")
    Duration republishAfter();
}
