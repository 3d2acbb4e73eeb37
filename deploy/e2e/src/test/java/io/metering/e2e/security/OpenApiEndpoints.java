package io.metering.e2e.security;

import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/** The endpoints a running service declares in its OpenAPI document ({@code /q/openapi?format=json}). */
final class OpenApiEndpoints {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    private OpenApiEndpoints() {
    }

    /** {@code "<service> <METHOD> <path>"} for every operation of the service. */
    static Set<String> of(String service, String baseUrl) {
        Http.Reply answer = Http.get(baseUrl + "/q/openapi?format=json", null);
        if (answer.status() != 200) {
            throw new IllegalStateException(service + " serves no OpenAPI document: " + answer);
        }
        Set<String> endpoints = new TreeSet<>();
        JsonNode paths = KeycloakAdmin.read(answer.body()).path("paths");
        for (Iterator<String> p = paths.fieldNames(); p.hasNext(); ) {
            String path = p.next();
            for (Iterator<String> m = paths.get(path).fieldNames(); m.hasNext(); ) {
                String method = m.next();
                if (METHODS.contains(method)) {
                    endpoints.add(service + " " + method.toUpperCase() + " " + path);
                }
            }
        }
        return endpoints;
    }
}
