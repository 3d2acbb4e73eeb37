package io.metering.e2e.security;

import java.util.HashMap;
import java.util.Map;

import io.metering.e2e.SharedStack;
import io.metering.local.LocalStack;

/**
 * The one platform of this JVM ({@link SharedStack}: real Keycloak with the dev realm, both services,
 * Kafka, PostgreSQL) and the tenants the security suites use: {@code demo} from the dev realm, and any
 * other tenant created once in Keycloak on first use. Thread-safe.
 */
final class SecurityStack {

    private static final Map<String, Tenant> TENANTS = new HashMap<>();

    private SecurityStack() {
    }

    static LocalStack stack() {
        return SharedStack.get();
    }

    static String billing() {
        return stack().billingUrl();
    }

    static String ingest() {
        return stack().ingestUrl();
    }

    static synchronized Tenant tenant(String id) {
        return TENANTS.computeIfAbsent(id, t -> {
            String tokenEndpoint = stack().keycloak().tokenEndpoint();
            return "demo".equals(t) ? Tenant.demo(tokenEndpoint)
                    : Tenant.created(t, new KeycloakAdmin(stack().keycloak().url()), tokenEndpoint);
        });
    }
}
