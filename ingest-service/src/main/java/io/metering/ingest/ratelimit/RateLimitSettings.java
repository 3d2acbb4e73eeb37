package io.metering.ingest.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits that keep one device or one tenant from starving the others. Defaults leave room for an agent
 * catching up on a week offline and for a tenant's whole fleet; a limit of 0 turns it off.
 */
@ConfigMapping(prefix = "metering.ingest.rate-limit")
public interface RateLimitSettings {

    /** Batches per second one device may upload (sustained). */
    @WithDefault("20")
    double deviceBatchesPerSecond();

    /** Batches one device may upload in a burst. */
    @WithDefault("200")
    double deviceBurst();

    /** Events per second one tenant may send (sustained). */
    @WithDefault("250000")
    double tenantEventsPerSecond();

    /** Events one tenant may send in a burst. */
    @WithDefault("2000000")
    double tenantBurst();
}
