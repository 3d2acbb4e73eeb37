package io.metering.billing.auth;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.metering.billing.error.ApiException;
import io.metering.schemas.Roles;

/** The caller's tenant (from the token's tenant claim) and name, for every query and every audit entry. */
@RequestScoped
public class Caller {

    private final JsonWebToken token;

    @Inject
    public Caller(JsonWebToken token) {
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

    public String name() {
        String name = token.getClaim("preferred_username");
        return name != null ? name : token.getSubject();
    }
}
