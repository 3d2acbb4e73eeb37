package io.metering.ingest.device;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What an enrolled device is told to use: the fleet client it gets tokens with and where.
 * Defaults are the dev realm's (deploy/keycloak/metering-realm.json); production sets its own.
 */
@ConfigMapping(prefix = "metering.enrollment")
public interface EnrollmentSettings {

    /** Client id of the agent fleet (client credentials, role agent, tenant claim). */
    @WithDefault("metering-agent")
    String agentClientId();

    /** Its secret. */
    @WithDefault("agent-secret")
    String agentClientSecret();

    /** The token endpoint agents use. */
    @WithDefault("http://127.0.0.1:8180/realms/metering/protocol/openid-connect/token")
    String tokenUrl();

    /** The ingest URL agents upload to, as they can reach it. */
    @WithDefault("http://127.0.0.1:8081")
    String ingestUrl();

    /** Lifetime of an enrollment token unless the admin asks for another, in seconds. */
    @WithDefault("86400")
    long tokenLifetimeSeconds();
}
