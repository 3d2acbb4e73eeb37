package io.metering.ingest.lease;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Seat leases of enforced products. */
@ConfigMapping(prefix = "metering.leases")
public interface LeaseSettings {

    /** How long a lease lives without a renewal; agents renew with their heartbeats (60 s), so 3 missed beats free it. */
    @WithDefault("180s")
    Duration ttl();
}
