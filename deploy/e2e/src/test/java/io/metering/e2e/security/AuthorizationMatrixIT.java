package io.metering.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of both services x every caller (no token, license-manager, finance, admin, agent,
 * importer), with tokens from the real Keycloak and the dev realm: allowed callers get the endpoint's
 * real answer, everyone else 401 (no token) or 403. New endpoints cannot slip through: the table must
 * list exactly what the services' OpenAPI documents declare.
 */
class AuthorizationMatrixIT {

    static Tenant demo;
    static AuthorizationMatrix matrix;

    @BeforeAll
    static void startThePlatformAndItsFixtures() {
        SecurityStack.stack();
        demo = SecurityStack.tenant("demo");
        matrix = new AuthorizationMatrix(demo, new Fixtures(demo, "mx"));
    }

    @Test
    void theMatrixListsExactlyTheEndpointsTheServicesDeclare() {
        Set<String> declared = new TreeSet<>(OpenApiEndpoints.of("billing", SecurityStack.billing()));
        declared.addAll(OpenApiEndpoints.of("ingest", SecurityStack.ingest()));
        Set<String> listed = matrix.rows().stream().map(AuthorizationMatrix.Row::key).collect(Collectors.toCollection(TreeSet::new));

        Set<String> unlisted = new TreeSet<>(declared);
        unlisted.removeAll(listed);
        Set<String> gone = new TreeSet<>(listed);
        gone.removeAll(declared);

        assertThat(unlisted).as("endpoints the services declare but the authorization matrix does not list: "
                + "add a row to AuthorizationMatrix with the roles that may call it").isEmpty();
        assertThat(gone).as("endpoints the matrix lists but no service declares").isEmpty();
    }

    @Test
    void everyCallerGetsExactlyWhatItsRolesAllow() throws IOException {
        List<String> wrong = new ArrayList<>();
        StringBuilder table = new StringBuilder("| endpoint | no token | license-manager | finance | admin | agent | importer |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (AuthorizationMatrix.Row row : matrix.rows()) {
            table.append("| `").append(row.label()).append("` |");
            for (Role role : Role.values()) {
                AuthorizationMatrix.Call call = row.call().get();
                Http.Reply answer = Http.send(row.method(), call.url(), demo.token(role), call.contentType(), call.body());
                call.after().accept(answer);
                boolean allowed = row.allowed().contains(role);
                Set<Integer> expected = allowed ? row.ok() : Set.of(role == Role.NONE ? 401 : 403);
                if (!expected.contains(answer.status())) {
                    wrong.add(row.label() + " as " + role + ": expected " + expected + " but got " + answer);
                }
                table.append(' ').append(allowed ? "yes" : "-").append(" (").append(answer.status()).append(") |");
            }
            table.append('\n');
        }
        Path report = Path.of("target", "security-authorization-matrix.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, table);

        assertThat(wrong).as("answers that differ from the authorization matrix (table in " + report + ")").isEmpty();
    }

    @Test
    void aTokenWithoutATenantClaimOrSignedByAnotherIssuerIsRefused() {
        String forged = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0ZW5hbnQiOiJkZW1vIiwicmVhbG1fYWNjZXNzIjp7InJvbGVzIjpbImFkbWluIl19fQ.c2lnbmF0dXJl";
        for (String url : List.of(SecurityStack.billing() + "/api/v1/products", SecurityStack.ingest() + "/v1/policy")) {
            assertThat(Http.get(url, forged).status()).as(url + " with a forged token").isEqualTo(401);
            assertThat(Http.get(url, "").status()).as(url + " with an empty bearer").isEqualTo(401);
        }
        // the same claims as the real admin token but with the signature of another token: refused
        String admin = demo.token(Role.ADMIN);
        String agent = demo.token(Role.AGENT);
        String spliced = admin.substring(0, admin.lastIndexOf('.')) + agent.substring(agent.lastIndexOf('.'));
        assertThat(Http.get(SecurityStack.billing() + "/api/v1/products", spliced).status()).isEqualTo(401);
    }
}
