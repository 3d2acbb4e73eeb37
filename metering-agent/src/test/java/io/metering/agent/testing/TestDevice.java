package io.metering.agent.testing;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.config.AgentPaths;
import io.metering.agent.config.Json;
import io.metering.agent.enroll.DeviceKeys;
import io.metering.agent.session.SessionEvent;
import io.metering.agent.spool.Spool;
import io.metering.agent.upload.Backoff;
import io.metering.agent.upload.BatchBuilder;
import io.metering.agent.upload.BatchSender;
import io.metering.agent.upload.BatchSigner;
import io.metering.agent.upload.ClientCredentialsTokenProvider;
import io.metering.agent.upload.Quarantine;
import io.metering.agent.upload.UploadFailureClassifier;
import io.metering.agent.upload.UploadStore;
import io.metering.agent.upload.Uploader;
import io.metering.schemas.EventType;

/** A device wired like the agent, with fast backoff, against any server URL. */
public final class TestDevice implements AutoCloseable {

    public static final String DEVICE = "dev-test";

    /** Like the agent's: builds ahead and writes the chain while answers travel. */
    private static final java.util.concurrent.Executor BACKGROUND = java.util.concurrent.Executors.newFixedThreadPool(2,
            r -> {
                Thread t = new Thread(r, "test-upload-background");
                t.setDaemon(true);
                return t;
            });

    public final AgentPaths paths;
    public final Spool spool;
    public final Uploader uploader;
    public final ObjectMapper json = Json.newMapper();

    private TestDevice(AgentPaths paths, Spool spool, Uploader uploader) {
        this.paths = paths;
        this.spool = spool;
        this.uploader = uploader;
    }

    /** Opens the device in {@code dir} (creating its key on first use) and registers the key with the server. */
    public static TestDevice open(Path dir, String serverUrl, FakeIngestServer server, int maxEvents)
            throws IOException {
        AgentPaths paths = new AgentPaths(dir);
        ObjectMapper json = Json.newMapper();
        if (!java.nio.file.Files.exists(paths.privateKey())) {
            KeyPair keys = DeviceKeys.generate();
            DeviceKeys.savePrivate(keys, paths.privateKey());
            java.nio.file.Files.write(dir.resolve("device-key.pub"), keys.getPublic().getEncoded());
        }
        if (server != null) {
            try {
                server.registerKey(DEVICE, java.security.KeyFactory.getInstance("Ed25519").generatePublic(
                        new java.security.spec.X509EncodedKeySpec(
                                java.nio.file.Files.readAllBytes(dir.resolve("device-key.pub")))));
            } catch (java.security.GeneralSecurityException e) {
                throw new IOException(e);
            }
        }
        UploadStore store = new UploadStore(paths.uploadDir(), json);
        Spool spool = Spool.open(paths.spoolDir(), 64L << 20, 1L << 20, store.state().ackedSeq(), json);
        HttpClient http = HttpClient.newHttpClient();
        Uploader uploader = new Uploader(spool, store,
                new BatchBuilder("demo", DEVICE, new BatchSigner(DeviceKeys.loadPrivate(paths.privateKey()))),
                new BatchSender(http, serverUrl, Duration.ofSeconds(10)),
                new ClientCredentialsTokenProvider(http, serverUrl + "/token", DEVICE, "secret", json,
                        Clock.systemUTC()),
                new UploadFailureClassifier(), new Backoff(Duration.ofMillis(10), Duration.ofMillis(100), new Random(1)),
                new Quarantine(paths.quarantineDir(), json), () -> 0, json, Clock.systemUTC(), maxEvents, 1 << 20,
                Duration.ofMillis(50), Uploader.DEFAULT_WINDOW, BACKGROUND);
        return new TestDevice(paths, spool, uploader);
    }

    public List<Long> record(int count) throws IOException {
        List<SessionEvent> drafts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            drafts.add(event(EventType.HEARTBEAT, Instant.now()));
        }
        List<Long> seqs = new ArrayList<>();
        spool.append(drafts, "demo", DEVICE, "test").forEach(e -> seqs.add(e.getSeq()));
        return seqs;
    }

    public static SessionEvent event(EventType type, Instant at) {
        return new SessionEvent(type, at, "session-1", Optional.of("autocad"), "/opt/AutoCAD/acad",
                Optional.of("alice"), 42, Optional.of(at.minusSeconds(60)), 50, 10, Map.of());
    }

    /** Steps the uploader until it has nothing to send or {@code maxSteps} pass; returns the steps taken. */
    public int drain(int maxSteps) throws InterruptedException {
        for (int i = 0; i < maxSteps; i++) {
            Uploader.Step step = uploader.step();
            if (step.idle()) {
                return i;
            }
            Thread.sleep(Math.min(step.delay().toMillis(), 200));
        }
        return maxSteps;
    }

    @Override
    public void close() throws IOException {
        spool.close();
    }
}
