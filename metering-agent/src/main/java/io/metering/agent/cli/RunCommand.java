package io.metering.agent.cli;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.catalog.CatalogCache;
import io.metering.agent.catalog.CatalogClient;
import io.metering.agent.catalog.CatalogService;
import io.metering.agent.config.AgentPaths;
import io.metering.agent.config.AgentSettings;
import io.metering.agent.config.Identity;
import io.metering.agent.config.Json;
import io.metering.agent.enforce.EnforcementStore;
import io.metering.agent.enforce.Enforcer;
import io.metering.agent.enforce.HttpLeaseClient;
import io.metering.agent.enforce.JdkProcessTerminator;
import io.metering.agent.enforce.LoggingNotifier;
import io.metering.agent.idle.CommandRunner;
import io.metering.agent.idle.CpuIdleDetector;
import io.metering.agent.idle.FirstAnswerIdleDetector;
import io.metering.agent.idle.IdleDetector;
import io.metering.agent.idle.LogindIdleDetector;
import io.metering.agent.process.JdkProcessTable;
import io.metering.agent.process.ProcessTable;
import io.metering.agent.process.ProcessWatcher;
import io.metering.agent.session.SessionStore;
import io.metering.agent.session.SessionTracker;
import io.metering.agent.upload.DevicePipeline;

/** {@code run}: the agent service. SIGTERM (or Ctrl-C) stops it after the current poll. */
final class RunCommand implements Command {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    private final PrintStream out;

    RunCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String usage() {
        return """
                Usage: metering-agent run [options]

                Watches processes, recognises licensed products with the server's catalog, records
                sessions (launch, heartbeats with active and idle time, exit) in the durable spool and uploads
                them in signed batches. Keeps working offline; stops cleanly on SIGTERM.

                Options:
                """ + Setup.SETTINGS_HELP;
    }

    @Override
    public int run(List<String> argv) throws Exception {
        Set<String> known = new java.util.HashSet<>(Setup.SETTINGS);
        known.add("data-dir");
        Args args = Args.parse(argv, known);
        AgentPaths paths = Setup.paths(args);
        AgentSettings settings = Setup.settings(paths, args);
        ObjectMapper json = Json.newMapper();
        Identity identity = Setup.identity(paths, json);
        try (DataDirLock lock = DataDirLock.acquire(paths.lock())) {
            return serve(paths, settings, identity, json);
        }
    }

    private int serve(AgentPaths paths, AgentSettings settings, Identity identity, ObjectMapper json)
            throws Exception {
        Clock clock = Clock.systemUTC();
        HttpClient http = Setup.http();
        SessionStore sessionStore = new SessionStore(paths.sessions(), json);
        SessionStore.State saved = sessionStore.load();
        AtomicLong unrecognised = new AtomicLong(saved.unrecognisedLaunches());
        try (DevicePipeline pipeline = DevicePipeline.open(paths, identity, settings, http, json, clock,
                unrecognised::get)) {
            CatalogService catalog = new CatalogService(
                    Optional.of(new CatalogClient(http, identity.apiBase(), pipeline.tokens(), json)),
                    new CatalogCache(paths.catalogCache(), json));
            ProcessTable table = new JdkProcessTable();
            IdleDetector idle = new FirstAnswerIdleDetector(List.of(
                    new LogindIdleDetector(CommandRunner.system(), Path.of("/proc"), settings.heartbeat()),
                    new CpuIdleDetector(table, settings.heartbeat())));
            SessionTracker tracker = new SessionTracker(identity.deviceId(), settings.heartbeat(), idle);
            tracker.restore(sessionStore.loadSessions(), saved.unrecognisedLaunches());
            ProcessWatcher watcher = new ProcessWatcher(table);
            Enforcer enforcer = new Enforcer(identity.deviceId(),
                    new HttpLeaseClient(http, identity.apiBase(), pipeline.tokens(), json, Duration.ofSeconds(5)),
                    new JdkProcessTerminator(settings.killGrace()), new LoggingNotifier(),
                    new EnforcementStore(paths.enforcement(), json), tracker::isOpen, tracker::discard,
                    settings.heartbeat(), settings.offlineGrace(), clock.instant());

            UploadLoop uploads = new UploadLoop(pipeline.uploader());
            Thread uploadThread = new Thread(uploads, "upload");
            uploadThread.setDaemon(true);
            uploadThread.start();
            CountDownLatch stopped = new CountDownLatch(1);
            PollLoop polls = new PollLoop(watcher, tracker, catalog, pipeline, sessionStore, unrecognised, clock,
                    settings, enforcer);
            Thread shutdown = new Thread(() -> {
                polls.stop();
                uploads.stop();
                try {
                    stopped.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "shutdown");
            Runtime.getRuntime().addShutdownHook(shutdown);
            LOG.info("Agent running: device {}, data in {}, poll every {} ms, heartbeat every {} s",
                    identity.deviceId(), paths.dataDir(), settings.pollInterval().toMillis(),
                    settings.heartbeat().toSeconds());
            try {
                polls.run();
            } finally {
                uploads.stop();
                uploadThread.join(Duration.ofSeconds(5).toMillis());
                stopped.countDown();
            }
            LOG.info("Agent stopped");
            return ExitCodes.OK;
        }
    }
}
