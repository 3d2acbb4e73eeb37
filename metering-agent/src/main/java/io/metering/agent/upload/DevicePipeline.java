package io.metering.agent.upload;

import java.io.IOException;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.config.AgentPaths;
import io.metering.agent.config.AgentSettings;
import io.metering.agent.config.AgentVersion;
import io.metering.agent.config.Identity;
import io.metering.agent.enroll.DeviceKeys;
import io.metering.agent.session.SessionEvent;
import io.metering.agent.spool.Spool;
import io.metering.schemas.UsageEvent;

/**
 * Spool, signing and upload of one device, wired from its data directory: the path every event takes,
 * whether it comes from real processes ({@code run}), a file ({@code replay}) or the fleet simulator.
 * Thread-safe: {@link #record} may be called from one thread while another drives {@link #uploader()}.
 */
public final class DevicePipeline implements AutoCloseable {

    /**
     * Builds the next batch and writes the upload chain while the window travels: up to two daemon threads
     * for the process, started when a backlog needs them and gone after 30 s without work (an idle agent
     * keeps no extra thread).
     */
    private static final Executor BACKGROUND = background();

    private static Executor background() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "upload-background");
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private final Identity identity;
    private final Spool spool;
    private final Uploader uploader;
    private final TokenProvider tokens;
    private final String agentVersion;

    private DevicePipeline(Identity identity, Spool spool, Uploader uploader, TokenProvider tokens) {
        this.identity = identity;
        this.spool = spool;
        this.uploader = uploader;
        this.tokens = tokens;
        this.agentVersion = AgentVersion.current();
    }

    public static DevicePipeline open(AgentPaths paths, Identity identity, AgentSettings settings, HttpClient http,
                                      ObjectMapper json, Clock clock, LongSupplier unrecognisedLaunches)
            throws IOException {
        UploadStore store = new UploadStore(paths.uploadDir(), json);
        Spool spool = Spool.open(paths.spoolDir(), settings.spoolMaxBytes(), settings.segmentBytes(),
                store.state().ackedSeq(), json);
        TokenProvider tokens = new ClientCredentialsTokenProvider(http, tokenUrl(identity), identity.clientId(),
                identity.clientSecret(), json, clock);
        BatchBuilder builder = new BatchBuilder(identity.tenantId(), identity.deviceId(),
                new BatchSigner(DeviceKeys.loadPrivate(paths.privateKey())));
        Uploader uploader = new Uploader(spool, store, builder,
                new BatchSender(http, identity.apiBase(), Duration.ofSeconds(60)), tokens,
                new UploadFailureClassifier(), Backoff.standard(new SecureRandom()),
                new Quarantine(paths.quarantineDir(), json), unrecognisedLaunches, json, clock,
                settings.maxBatchEvents(), settings.maxBatchBytes(), Duration.ofSeconds(1), Uploader.DEFAULT_WINDOW,
                BACKGROUND);
        return new DevicePipeline(identity, spool, uploader, tokens);
    }

    private static String tokenUrl(Identity identity) {
        if (identity.tokenUrl() != null && !identity.tokenUrl().isBlank()) {
            return identity.tokenUrl();
        }
        return identity.apiBase() + "/v1/token";
    }

    /** Records the events durably (they are on disk when this returns). */
    public List<UsageEvent> record(List<SessionEvent> events) throws IOException {
        return spool.append(events, identity.tenantId(), identity.deviceId(), agentVersion);
    }

    public Spool spool() {
        return spool;
    }

    public Uploader uploader() {
        return uploader;
    }

    public TokenProvider tokens() {
        return tokens;
    }

    public Identity identity() {
        return identity;
    }

    @Override
    public void close() throws IOException {
        spool.close();
    }
}
