package io.metering.agent.simulate;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import io.metering.agent.catalog.Catalog;
import io.metering.agent.idle.IdleDetector;
import io.metering.agent.process.ProcessKey;
import io.metering.agent.process.ProcessSnapshot;
import io.metering.agent.process.ProcessWatcher;
import io.metering.agent.session.SessionEvent;
import io.metering.agent.session.SessionTracker;
import io.metering.agent.upload.DevicePipeline;

/**
 * One simulated device: synthetic processes of the catalog's products, fed through the agent's own
 * watcher, session tracker, spool, signing and upload. Decisions come from a {@link Random} seeded per
 * device, so a run is deterministic given the seed (times are the wall clock).
 * Not thread-safe: the tick thread owns it (its pipeline's uploader runs elsewhere, which is safe).
 */
final class SimulatedDevice {

    private final DevicePipeline pipeline;
    private final Catalog catalog;
    private final List<String> products;
    private final String user;
    private final Random random;
    private final double launchesPerSecond;
    private final Duration meanSession;
    private final SimulatedProcessTable table = new SimulatedProcessTable();
    private final ProcessWatcher watcher = new ProcessWatcher(table);
    private final SessionTracker tracker;
    private final Map<ProcessKey, Instant> exitsAt = new HashMap<>();
    private final Map<ProcessKey, Double> idleShare = new HashMap<>();
    private final Instant firstLaunchAt;
    private boolean firstLaunchDone;
    private long nextPid;

    SimulatedDevice(DevicePipeline pipeline, Catalog catalog, String user, long seed, double launchesPerSecond,
                    Duration heartbeat, Duration meanSession, Instant start) {
        this.pipeline = pipeline;
        this.catalog = catalog;
        this.products = catalog.products().stream().map(p -> p.id()).toList();
        this.user = user;
        this.random = new Random(seed);
        this.launchesPerSecond = launchesPerSecond;
        this.meanSession = meanSession;
        this.tracker = new SessionTracker(pipeline.identity().deviceId(), heartbeat, idleDetector());
        this.firstLaunchAt = start.plusMillis(random.nextInt(30_000));
        this.nextPid = 1000 + random.nextInt(5000);
    }

    /** Advances the device to {@code now}; returns the number of events recorded. */
    int tick(Instant now, Duration elapsed) throws IOException {
        for (ProcessSnapshot process : table.running()) {
            if (!now.isBefore(exitsAt.get(process.key()))) {
                table.exit(process.key());
                exitsAt.remove(process.key());
            }
        }
        boolean launch = !firstLaunchDone && !now.isBefore(firstLaunchAt);
        firstLaunchDone |= launch;
        if (!launch && random.nextDouble() < launchesPerSecond * elapsed.toMillis() / 1000.0) {
            launch = true;
        }
        if (launch && table.running().size() < 6) {
            launch(now);
        }
        List<SessionEvent> events = tracker.onPoll(watcher.poll(), catalog, now);
        pipeline.record(events);
        return events.size();
    }

    private void launch(Instant now) {
        String product = products.get(random.nextInt(products.size()));
        ProcessSnapshot process = new ProcessSnapshot(nextPid, now, Optional.of(user),
                DemoCatalog.executable(product));
        nextPid += 1 + random.nextInt(50);
        double minutes = -Math.log(1 - random.nextDouble()) * meanSession.toSeconds() / 60.0;
        exitsAt.put(process.key(), now.plusSeconds((long) Math.max(30, minutes * 60)));
        idleShare.put(process.key(), random.nextDouble() * 0.6);
        table.launch(process);
    }

    private IdleDetector idleDetector() {
        return new IdleDetector() {
            @Override
            public Optional<Boolean> idle(ProcessKey process, Instant now) {
                return Optional.of(random.nextDouble() < idleShare.getOrDefault(process, 0.0));
            }

            @Override
            public void forget(ProcessKey process) {
                idleShare.remove(process);
            }
        };
    }

    DevicePipeline pipeline() {
        return pipeline;
    }
}
