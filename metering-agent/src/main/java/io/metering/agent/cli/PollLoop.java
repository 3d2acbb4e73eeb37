package io.metering.agent.cli;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.metering.agent.catalog.CatalogService;
import io.metering.agent.config.AgentSettings;
import io.metering.agent.enforce.Enforcer;
import io.metering.agent.process.ProcessChanges;
import io.metering.agent.process.ProcessWatcher;
import io.metering.agent.session.SessionEvent;
import io.metering.agent.session.SessionStore;
import io.metering.agent.session.SessionTracker;
import io.metering.agent.upload.DevicePipeline;

/**
 * The poll thread of {@code run}: poll processes, update sessions, record their events in the spool,
 * then persist the open sessions; refresh the catalog now and then. Runs on the calling thread until
 * {@link #stop}; thread-safe only in that {@link #stop} may be called from any thread.
 */
final class PollLoop {

    private static final Logger LOG = LoggerFactory.getLogger(PollLoop.class);

    private final ProcessWatcher watcher;
    private final SessionTracker tracker;
    private final CatalogService catalog;
    private final DevicePipeline pipeline;
    private final SessionStore sessions;
    private final AtomicLong unrecognised;
    private final Clock clock;
    private final AgentSettings settings;
    private final Enforcer enforcer;
    private final Object signal = new Object();
    private volatile boolean running = true;

    PollLoop(ProcessWatcher watcher, SessionTracker tracker, CatalogService catalog, DevicePipeline pipeline,
             SessionStore sessions, AtomicLong unrecognised, Clock clock, AgentSettings settings,
             Enforcer enforcer) {
        this.watcher = watcher;
        this.tracker = tracker;
        this.catalog = catalog;
        this.pipeline = pipeline;
        this.sessions = sessions;
        this.unrecognised = unrecognised;
        this.clock = clock;
        this.settings = settings;
        this.enforcer = enforcer;
    }

    void run() throws InterruptedException {
        refreshCatalog(clock.instant());
        Instant nextCatalog = clock.instant().plus(settings.catalogRefresh());
        Instant nextSave = Instant.MIN;
        while (running) {
            long started = System.nanoTime();
            Instant now = clock.instant();
            if (!now.isBefore(nextCatalog)) {
                refreshCatalog(now);
                nextCatalog = now.plus(settings.catalogRefresh());
            }
            ProcessChanges changes = watcher.poll();
            List<SessionEvent> events = enforcer.apply(tracker.onPoll(changes, catalog.current(), now),
                    catalog.current(), now);
            try {
                pipeline.record(events);
                unrecognised.set(tracker.unrecognisedLaunches());
                if (!events.isEmpty() || !now.isBefore(nextSave)) {
                    sessions.save(tracker.openSessions(), tracker.unrecognisedLaunches());
                    nextSave = now.plus(settings.heartbeat());
                }
            } catch (IOException e) {
                LOG.error("Cannot record {} events in the spool: {}", events.size(), e.getMessage());
            }
            long sleepMillis = settings.pollInterval().toMillis() - (System.nanoTime() - started) / 1_000_000;
            synchronized (signal) {
                if (running && sleepMillis > 0) {
                    signal.wait(sleepMillis);
                }
            }
        }
    }

    private void refreshCatalog(Instant now) {
        if (catalog.refresh()) {
            enforcer.contact(now);
        }
    }

    void stop() {
        running = false;
        synchronized (signal) {
            signal.notifyAll();
        }
    }
}
