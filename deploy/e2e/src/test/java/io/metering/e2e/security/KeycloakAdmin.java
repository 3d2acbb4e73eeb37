package io.metering.e2e.security;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
/**
 * Keycloak's admin REST API, as the bootstrap admin ({@code kcadmin}) of the master realm: creates the
 * users and service-account clients of another tenant in realm {@code metering}. Idempotent: what
 * exists already is left as it is. Not thread-safe (callers serialise).
 */
final class KeycloakAdmin {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String realmUrl;

    KeycloakAdmin(String keycloakUrl) {
        this.baseUrl = keycloakUrl;
        this.realmUrl = keycloakUrl + "/admin/realms/metering";
    }

    /** A user with attribute {@code tenant}, password = username, and the given realm roles. */
    void user(String username, String tenant, String... roles) {
        String token = adminToken();
        Map<String, Object> user = Map.of("username", username, "enabled", true, "emailVerified", true,
                "firstName", username, "lastName", tenant, "email", username + "@" + tenant + ".example",
                "attributes", Map.of("tenant", List.of(tenant)),
                "credentials", List.of(Map.of("type", "password", "value", username, "temporary", false)));
        created(Http.json("POST", realmUrl + "/users", token, write(user)), "user " + username);
        JsonNode found = read(ok(Http.get(realmUrl + "/users?exact=true&username=" + Http.enc(username), token)));
        grant(token, "/users/" + found.get(0).get("id").asText(), roles);
    }

    /** A confidential client with a service account holding {@code role} and a hard-coded {@code tenant} claim. */
    void serviceClient(String clientId, String secret, String tenant, String role) {
        String token = adminToken();
        Map<String, Object> mapper = Map.of("name", "tenant", "protocol", "openid-connect",
                "protocolMapper", "oidc-hardcoded-claim-mapper",
                "config", Map.of("claim.name", "tenant", "claim.value", tenant, "jsonType.label", "String",
                        "access.token.claim", "true", "id.token.claim", "false", "userinfo.token.claim", "false",
                        "introspection.token.claim", "true"));
        Map<String, Object> client = Map.of("clientId", clientId, "enabled", true, "publicClient", false,
                "secret", secret, "serviceAccountsEnabled", true, "standardFlowEnabled", false,
                "directAccessGrantsEnabled", false, "protocolMappers", List.of(mapper));
        created(Http.json("POST", realmUrl + "/clients", token, write(client)), "client " + clientId);
        JsonNode found = read(ok(Http.get(realmUrl + "/clients?clientId=" + Http.enc(clientId), token)));
        String id = found.get(0).get("id").asText();
        JsonNode account = read(ok(Http.get(realmUrl + "/clients/" + id + "/service-account-user", token)));
        grant(token, "/users/" + account.get("id").asText(), role);
    }

    private void grant(String token, String userPath, String... roles) {
        StringBuilder reps = new StringBuilder("[");
        for (String role : roles) {
            String rep = ok(Http.get(realmUrl + "/roles/" + Http.enc(role), token));
            reps.append(reps.length() > 1 ? "," : "").append(rep);
        }
        Http.Reply answer = Http.send("POST", realmUrl + userPath + "/role-mappings/realm", token, Http.JSON,
                reps.append(']').toString().getBytes(StandardCharsets.UTF_8));
        if (answer.status() != 204) {
            throw new IllegalStateException("Keycloak refused the role mapping " + List.of(roles) + ": " + answer);
        }
    }

    private String adminToken() {
        Http.Reply answer = Http.send("POST", baseUrl + "/realms/master/protocol/openid-connect/token", null,
                "application/x-www-form-urlencoded",
                "grant_type=password&client_id=admin-cli&username=kcadmin&password=kcadmin".getBytes(StandardCharsets.UTF_8));
        return read(ok(answer)).get("access_token").asText();
    }

    private static void created(Http.Reply answer, String what) {
        if (answer.status() != 201 && answer.status() != 409) {
            throw new IllegalStateException("Keycloak could not create " + what + ": " + answer);
        }
    }

    private static String ok(Http.Reply answer) {
        if (answer.status() != 200) {
            throw new IllegalStateException("Keycloak admin API answered " + answer);
        }
        return answer.body();
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("Not JSON: " + json, e);
        }
    }
}
