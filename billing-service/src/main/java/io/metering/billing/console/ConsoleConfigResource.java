package io.metering.billing.console;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code GET /console/config}: where the web console (index.html) sends people to log in. */
@Path("/console/config")
public class ConsoleConfigResource {

    /** The realm URL the console logs in with (the same realm the API trusts). */
    @ConfigProperty(name = "metering.oidc.url", defaultValue = "http://127.0.0.1:8180/realms/metering")
    String issuer;

    /** The console's public client (authorization code flow with PKCE). */
    @ConfigProperty(name = "metering.console.client-id", defaultValue = "metering-console")
    String clientId;

    public record ConsoleConfig(String issuer, String clientId) {
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public ConsoleConfig config() {
        return new ConsoleConfig(issuer, clientId);
    }
}
