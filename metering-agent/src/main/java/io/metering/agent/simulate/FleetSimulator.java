package io.metering.agent.simulate;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.catalog.Catalog;
import io.metering.agent.config.AgentPaths;
import io.metering.agent.config.AgentSettings;
import io.metering.agent.config.AgentVersion;
import io.metering.agent.config.Identity;
import io.metering.agent.enroll.Enrollment;
import io.metering.agent.enroll.EnrollmentClient;
import io.metering.agent.upload.DevicePipeline;
import io.metering.agent.upload.Uploader;

/**
 * A synthetic fleet: each device enrolls with its own key (kept under {@code DATA_DIR/devices/sim-NNN},
 * reused on restart), then produces sessions through the agent's own session, spool, signing and upload
 * code. Every device launches a first product within 30 s, so launches of several products show within
 * the first minute. One thread ticks all devices each second; two threads drive their uploads.
 * Not thread-safe: {@link #run} once; {@link #stop} from any thread.
 */
public final class FleetSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(FleetSimulator.class);
    private static final int SESSION_HEARTBEATS = 5;

    private final SimulationOptions options;
    private final HttpClient http;
    private final ObjectMapper json;
    private final PrintStream out;
    private final Clock clock = Clock.systemUTC();
    private final AtomicLong generated = new AtomicLong();
    private volatile boolean running = true;

    public FleetSimulator(SimulationOptions options, HttpClient http, ObjectMapper json, PrintStream out) {
        this.options = options;
        this.http = http;
        this.json = json;
        this.out = out;
    }

    public void run() throws IOException, InterruptedException {
        Catalog catalog = DemoCatalog.of(options.products());
        List<SimulatedDevice> devices = enrollAll(catalog);
        ScheduledExecutorService uploads = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "sim-upload");
            t.setDaemon(true);
            return t;
        });
        devices.forEach(d -> uploads.execute(() -> uploadStep(uploads, d.pipeline().uploader())));
        Instant start = clock.instant();
        Instant end = options.duration().map(start::plus).orElse(Instant.MAX);
        Instant nextProgress = start.plusSeconds(5);
        long generatedAtLastProgress = 0;
        Instant last = start;
        try {
            while (running && clock.instant().isBefore(end)) {
                Instant now = clock.instant();
                Duration elapsed = Duration.between(last, now);
                last = now;
                for (SimulatedDevice device : devices) {
                    generated.addAndGet(device.tick(now, elapsed));
                }
                if (!now.isBefore(nextProgress)) {
                    long total = generated.get();
                    progress(devices, total, (total - generatedAtLastProgress) / 5.0);
                    generatedAtLastProgress = total;
                    nextProgress = nextProgress.plusSeconds(5);
                }
                Thread.sleep(1000);
            }
        } finally {
            Instant drainUntil = clock.instant().plusSeconds(10);
            while (pending(devices) > 0 && clock.instant().isBefore(drainUntil)) {
                Thread.sleep(500);
            }
            uploads.shutdownNow();
            uploads.awaitTermination(5, TimeUnit.SECONDS);
            progress(devices, generated.get(), 0);
            for (SimulatedDevice device : devices) {
                device.pipeline().close();
            }
        }
    }

    public void stop() {
        running = false;
    }

    private List<SimulatedDevice> enrollAll(Catalog catalog) throws IOException, InterruptedException {
        AgentSettings settings = AgentSettings.load(options.dataDir().resolve("agent.properties"),
                java.util.Map.of("heartbeat", Long.toString(options.heartbeat().toSeconds()),
                        "poll-interval", "1", "spool-max-mb", "64"));
        Enrollment enrollment = new Enrollment(new EnrollmentClient(http, json), json);
        double eventsPerSession = 2 + SESSION_HEARTBEATS;
        double launchesPerDevice = options.rate() / eventsPerSession / options.devices();
        Duration meanSession = options.heartbeat().multipliedBy(SESSION_HEARTBEATS);
        List<SimulatedDevice> devices = new ArrayList<>();
        Instant start = clock.instant();
        for (int i = 1; i <= options.devices(); i++) {
            AgentPaths paths = new AgentPaths(options.dataDir().resolve("devices").resolve(String.format("sim-%03d", i)));
            Identity identity = enrollment.enroll(paths, options.server(),
                    options.enrollToken().orElse(""), String.format("sim-%03d", i), AgentVersion.current() + "-sim");
            DevicePipeline pipeline = DevicePipeline.open(paths, identity, settings, http, json, clock, () -> 0);
            String user = String.format("CORP\\user-%03d", (i - 1) % options.users() + 1);
            devices.add(new SimulatedDevice(pipeline, catalog, user, options.seed() * 1_000_003L + i,
                    launchesPerDevice, options.heartbeat(), meanSession, start));
        }
        LOG.info("{} simulated devices enrolled", devices.size());
        return devices;
    }

    private void uploadStep(ScheduledExecutorService executor, Uploader uploader) {
        if (executor.isShutdown()) {
            return;
        }
        Duration delay;
        try {
            delay = uploader.step().delay();
        } catch (InterruptedException e) {
            return;
        } catch (RuntimeException e) {
            LOG.error("Simulated upload failed", e);
            delay = Duration.ofSeconds(5);
        }
        try {
            executor.schedule(() -> uploadStep(executor, uploader), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down
        }
    }

    private long pending(List<SimulatedDevice> devices) {
        long pending = 0;
        for (SimulatedDevice device : devices) {
            pending += device.pipeline().spool().lastSeq() - device.pipeline().uploader().state().ackedSeq();
        }
        return pending;
    }

    private void progress(List<SimulatedDevice> devices, long total, double rate) {
        long acked = 0;
        for (SimulatedDevice device : devices) {
            acked += device.pipeline().uploader().state().ackedSeq();
        }
        out.printf("devices %d | events generated %d | uploaded %d | pending %d | rate %.1f/s%n", devices.size(),
                total, acked, pending(devices), rate);
    }
}
