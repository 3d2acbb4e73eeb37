package io.metering.ingest.auth;

import java.util.Set;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.metering.ingest.error.ApiException;
import io.metering.schemas.Roles;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is calling: the tenant from the token's {@code tenant} claim, the subject and the roles.
 * A token without a tenant claim may do nothing.
 */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;
    private final JsonWebToken token;

    @Inject
    public Caller(SecurityIdentity identity, JsonWebToken token) {
        this.identity = identity;
        this.token = token;
    }

    public String tenant() {
        Object claim = token.getClaim(Roles.TENANT_CLAIM);
        String tenant = claim == null ? null : claim.toString().replace("\"", "");
        if (tenant == null || tenant.isBlank()) {
            throw new ApiException.Forbidden("no_tenant", "The token carries no '" + Roles.TENANT_CLAIM + "' claim");
        }
        return tenant;
    }

    public String subject() {
        String name = token.getClaim("preferred_username");
        return name != null ? name : identity.getPrincipal().getName();
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }

    public Set<String> roles() {
        return identity.getRoles();
    }
}
