package io.metering.e2e.security;

import java.util.EnumMap;
import java.util.Map;

import io.metering.local.DevApi;

/**
 * A tenant of the real Keycloak realm and the tokens of its callers, one per {@link Role}: the dev
 * realm's tenant {@code demo} (users manager/finance/admin, clients metering-agent and metering-importer),
 * or a tenant the suite creates through {@link KeycloakAdmin} (users {@code <tenant>-manager} ...,
 * clients {@code metering-agent-<tenant>} ...). Tokens are fetched again after two minutes (the realm
 * gives five). Thread-safe.
 */
final class Tenant {

    private static final long REFRESH_NANOS = 120_000_000_000L;

    private final String id;
    private final String tokenEndpoint;
    private final Map<Role, String> tokens = new EnumMap<>(Role.class);
    private final Map<Role, Long> fetchedAt = new EnumMap<>(Role.class);

    private Tenant(String id, String tokenEndpoint) {
        this.id = id;
        this.tokenEndpoint = tokenEndpoint;
    }

    static Tenant demo(String tokenEndpoint) {
        return new Tenant("demo", tokenEndpoint);
    }

    /** Creates (once) the users and clients of tenant {@code id} in realm metering. */
    static Tenant created(String id, KeycloakAdmin admin, String tokenEndpoint) {
        admin.user(id + "-manager", id, "license-manager");
        admin.user(id + "-finance", id, "finance");
        admin.user(id + "-admin", id, "admin");
        admin.serviceClient("metering-agent-" + id, id + "-agent-secret", id, "agent");
        admin.serviceClient("metering-importer-" + id, id + "-importer-secret", id, "importer");
        return new Tenant(id, tokenEndpoint);
    }

    String id() {
        return id;
    }

    /** The caller's access token; null for {@link Role#NONE}. */
    synchronized String token(Role role) {
        if (role == Role.NONE) {
            return null;
        }
        Long at = fetchedAt.get(role);
        if (at == null || System.nanoTime() - at > REFRESH_NANOS) {
            tokens.put(role, fetch(role));
            fetchedAt.put(role, System.nanoTime());
        }
        return tokens.get(role);
    }

    private String fetch(Role role) {
        boolean demo = "demo".equals(id);
        return switch (role) {
            case LICENSE_MANAGER -> user(demo ? "manager" : id + "-manager");
            case FINANCE -> user(demo ? "finance" : id + "-finance");
            case ADMIN -> user(demo ? "admin" : id + "-admin");
            case AGENT -> demo ? DevApi.clientToken(tokenEndpoint, "metering-agent", "agent-secret")
                    : DevApi.clientToken(tokenEndpoint, "metering-agent-" + id, id + "-agent-secret");
            case IMPORTER -> demo ? DevApi.clientToken(tokenEndpoint, "metering-importer", "importer-secret")
                    : DevApi.clientToken(tokenEndpoint, "metering-importer-" + id, id + "-importer-secret");
            case NONE -> null;
        };
    }

    private String user(String name) {
        return DevApi.userToken(tokenEndpoint, name, name);
    }
}
