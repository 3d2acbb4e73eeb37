package io.metering.schemas;

/**
 * The security contract of DESIGN.md section 8: realm roles, and the claim that names a caller's tenant.
 * Keycloak's realm file and both services depend on these names.
 */
public final class Roles {

    public static final String LICENSE_MANAGER = "license-manager";
    public static final String FINANCE = "finance";
    public static final String ADMIN = "admin";
    public static final String AGENT = "agent";
    public static final String IMPORTER = "importer";

    /** The access-token claim carrying the caller's tenant id. */
    public static final String TENANT_CLAIM = "tenant";

    private Roles() {
    }
}
