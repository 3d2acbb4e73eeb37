package io.metering.agent.enroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.config.AgentPaths;
import io.metering.agent.config.Identity;
import io.metering.agent.config.Json;
import io.metering.agent.testing.FakeIngestServer;

class EnrollmentIT {

    final ObjectMapper json = Json.newMapper();

    @Test
    void enrollmentStoresAKeyAndTheIdentityReadableByTheOwnerOnly(@TempDir Path dir) throws Exception {
        try (FakeIngestServer server = new FakeIngestServer()) {
            AgentPaths paths = new AgentPaths(dir);
            Enrollment enrollment = new Enrollment(new EnrollmentClient(HttpClient.newHttpClient(), json), json);
            Identity identity = enrollment.enroll(paths, server.url(), "enroll-me", "host-1", "0.1.0");

            assertThat(identity.deviceId()).isEqualTo("dev-1");
            assertThat(identity.tenantId()).isEqualTo("demo");
            assertThat(identity.tokenUrl()).isEqualTo(server.url() + "/token");
            assertThat(Identity.load(paths.identity(), json)).contains(identity);
            assertThat(DeviceKeys.loadPrivate(paths.privateKey()).getAlgorithm()).isIn("Ed25519", "EdDSA");
            if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.privateKey())))
                        .isEqualTo("rw-------");
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.identity())))
                        .isEqualTo("rw-------");
            }
            enrollment.enroll(paths, server.url(), "enroll-me", "host-1", "0.1.0");
            assertThat(server.enrollments()).isEqualTo(1); // an enrolled directory is reused
        }
    }

    @Test
    void aRefusedEnrollmentSaysWhyAndStoresNothing(@TempDir Path dir) throws Exception {
        try (FakeIngestServer server = new FakeIngestServer()) {
            AgentPaths paths = new AgentPaths(dir);
            Enrollment enrollment = new Enrollment(new EnrollmentClient(HttpClient.newHttpClient(), json), json);
            assertThatThrownBy(() -> enrollment.enroll(paths, server.url(), "wrong", "host-1", "0.1.0"))
                    .isInstanceOf(EnrollmentClient.EnrollmentException.class)
                    .hasMessageContaining("403");
            assertThat(paths.identity()).doesNotExist();
            assertThat(paths.privateKey()).doesNotExist();
        }
    }

    @Test
    void theCliEnrollsReplaysAndReportsStatus(@TempDir Path dir) throws Exception {
        try (FakeIngestServer server = new FakeIngestServer()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            io.metering.agent.cli.CliHarness cli = new io.metering.agent.cli.CliHarness(new PrintStream(out),
                    new PrintStream(err));
            assertThat(cli.execute(List.of("enroll", "--server", server.url(), "--token", "enroll-me",
                    "--data-dir", dir.toString()))).isZero();
            assertThat(out.toString()).contains("Enrolled: device dev-1");

            Path events = dir.resolve("events.jsonl");
            Files.writeString(events, """
                    {"type":"LAUNCH","occurredAt":"2026-11-02T09:15:00Z","sessionId":"s-1","productId":"autocad","executable":"acad.exe","user":"CORP\\\\alice","pid":7,"processStartedAt":"2026-11-02T09:14:58Z"}
                    {"type":"HEARTBEAT","occurredAt":"2026-11-02T09:16:00Z","sessionId":"s-1","productId":"autocad","executable":"acad.exe","user":"CORP\\\\alice","pid":7,"activeSeconds":45,"idleSeconds":15,"seq":999,"deviceId":"other"}
                    {"type":"EXIT","occurredAt":"2026-11-02T09:16:30Z","sessionId":"s-1","productId":"autocad","executable":"acad.exe","pid":7,"activeSeconds":30,"idleSeconds":0}
                    """);
            assertThat(cli.execute(List.of("replay", events.toString(), "--data-dir", dir.toString()))).isZero();
            assertThat(server.acceptedEvents()).extracting(e -> e.getSeq()).containsExactly(1L, 2L, 3L);
            assertThat(server.acceptedEvents()).allSatisfy(e -> {
                assertThat(e.getDeviceId()).isEqualTo("dev-1");
                assertThat(e.getTenantId()).isEqualTo("demo");
            });
            assertThat(server.acceptedEvents().get(1).getActiveSeconds()).isEqualTo(45);
            assertThat(server.acceptedEvents().get(0).getUser()).isEqualTo("CORP\\alice");

            out.reset();
            assertThat(cli.execute(List.of("status", "--data-dir", dir.toString()))).isZero();
            assertThat(out.toString()).contains("spool depth:       0 events", "dev-1", "last batch:        1");

            assertThat(cli.execute(List.of("run", "--data-dir", dir.resolve("nowhere").toString()))).isEqualTo(3);
            assertThat(cli.execute(List.of("replay", "--bogus", "x"))).isEqualTo(2);
            assertThat(err.toString()).contains("unknown option --bogus");
        }
    }
}
