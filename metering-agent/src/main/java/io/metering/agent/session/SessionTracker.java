package io.metering.agent.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.metering.agent.catalog.Catalog;
import io.metering.agent.catalog.Product;
import io.metering.agent.idle.IdleDetector;
import io.metering.agent.process.ProcessChanges;
import io.metering.agent.process.ProcessKey;
import io.metering.agent.process.ProcessSnapshot;
import io.metering.schemas.EventType;

/**
 * The session state machine, one session per recognised process instance:
 * LAUNCH when first seen, HEARTBEAT each {@code heartbeat} interval, EXIT when it is gone.
 * <p>
 * Time accounting: at every poll the time since the previous poll goes to the session's active or
 * idle bucket as the {@link IdleDetector} says. An event reports the whole seconds elapsed since the
 * time already reported ({@code accountedUntil}); idle is the idle bucket rounded and capped, active is
 * the rest, so {@code activeSeconds + idleSeconds} is exactly the reported wall time and the reports of
 * a session add up to its wall time (sub-second remainders carry to the next event).
 * <p>
 * Restart: {@link #restore} hands back the sessions open at the last run. On the first poll a restored
 * session whose process still runs continues silently (same session id, no second LAUNCH; the time the
 * agent was down counts as idle); one whose process is gone gets its EXIT at that poll.
 * Processes already running at the first poll but not restored get a LAUNCH (their
 * {@code processStartedAt} tells the real start). Unrecognised executables are only counted, and only
 * when launched after the first poll.
 * <p>
 * Not thread-safe: one polling thread owns it.
 */
public final class SessionTracker {

    private static final class Tracked {
        final ProcessSnapshot process;
        final String sessionId;
        final String productId;
        Instant accountedUntil;
        Instant lastPoll;
        long activeMillis;
        long idleMillis;

        Tracked(ProcessSnapshot process, String sessionId, String productId, Instant accountedUntil, Instant lastPoll) {
            this.process = process;
            this.sessionId = sessionId;
            this.productId = productId;
            this.accountedUntil = accountedUntil;
            this.lastPoll = lastPoll;
        }
    }

    private final String deviceId;
    private final Duration heartbeat;
    private final IdleDetector idle;
    private final Map<ProcessKey, Tracked> sessions = new LinkedHashMap<>();
    private final Map<String, OpenSession> restored = new HashMap<>();
    private long unrecognisedLaunches;

    public SessionTracker(String deviceId, Duration heartbeat, IdleDetector idle) {
        this.deviceId = deviceId;
        this.heartbeat = heartbeat;
        this.idle = idle;
    }

    /** Sessions open and the unrecognised launches counted at the end of the previous run; call before the first poll. */
    public void restore(Collection<OpenSession> open, long unrecognisedLaunchesSoFar) {
        open.forEach(session -> restored.put(session.sessionId(), session));
        this.unrecognisedLaunches = unrecognisedLaunchesSoFar;
    }

    /** Applies one poll's changes at {@code now} and returns the events it produced, in order. */
    public List<SessionEvent> onPoll(ProcessChanges changes, Catalog catalog, Instant now) {
        List<SessionEvent> events = new ArrayList<>();
        for (ProcessSnapshot gone : changes.exited()) {
            Tracked session = sessions.remove(gone.key());
            if (session != null) {
                account(session, now);
                events.add(emit(session, EventType.EXIT, now));
                idle.forget(gone.key());
            }
        }
        for (ProcessSnapshot process : changes.launched()) {
            Optional<Product> product = catalog.recognise(process.executable());
            if (product.isPresent()) {
                start(process, product.get(), now).ifPresent(events::add);
            } else if (!changes.firstPoll()) {
                unrecognisedLaunches++;
            }
        }
        if (changes.firstPoll()) {
            restored.values().forEach(session -> events.add(exitWhileAway(session, now)));
            restored.clear();
        }
        for (Tracked session : sessions.values()) {
            account(session, now);
            if (!now.isBefore(session.accountedUntil.plus(heartbeat))) {
                events.add(emit(session, EventType.HEARTBEAT, now));
            }
        }
        return events;
    }

    /** Whether the session is open (its process is being watched). */
    public boolean isOpen(String sessionId) {
        for (Tracked t : sessions.values()) {
            if (t.sessionId.equals(sessionId)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Drops a session without an EXIT, e.g. when its launch was denied and the process ended: no later
     * event is produced for it.
     */
    public void discard(String sessionId) {
        sessions.entrySet().removeIf(e -> {
            if (e.getValue().sessionId.equals(sessionId)) {
                idle.forget(e.getKey());
                return true;
            }
            return false;
        });
    }

    /** Launches of unrecognised executables counted so far (never named). */
    public long unrecognisedLaunches() {
        return unrecognisedLaunches;
    }

    /** The sessions open now, to persist for the next run. */
    public List<OpenSession> openSessions() {
        List<OpenSession> open = new ArrayList<>(sessions.size());
        for (Tracked t : sessions.values()) {
            open.add(new OpenSession(t.sessionId, t.process.pid(), t.process.startedAt(), t.productId,
                    t.process.executable(), t.process.user(), t.accountedUntil));
        }
        return open;
    }

    private Optional<SessionEvent> start(ProcessSnapshot process, Product product, Instant now) {
        String sessionId = SessionIds.of(deviceId, process.key());
        OpenSession previous = restored.remove(sessionId);
        if (previous != null) {
            Tracked continued = new Tracked(process, sessionId, previous.productId(), previous.accountedUntil(), now);
            continued.idleMillis = Math.max(0, Duration.between(previous.accountedUntil(), now).toMillis());
            sessions.put(process.key(), continued);
            return Optional.empty();
        }
        Tracked session = new Tracked(process, sessionId, product.id(), now, now);
        sessions.put(process.key(), session);
        return Optional.of(emit(session, EventType.LAUNCH, now));
    }

    private SessionEvent exitWhileAway(OpenSession session, Instant now) {
        ProcessSnapshot process = new ProcessSnapshot(session.pid(), session.processStartedAt(), session.user(),
                session.executable());
        Tracked gone = new Tracked(process, session.sessionId(), session.productId(), session.accountedUntil(), now);
        gone.idleMillis = Math.max(0, Duration.between(session.accountedUntil(), now).toMillis());
        return emit(gone, EventType.EXIT, now);
    }

    private void account(Tracked session, Instant now) {
        long elapsed = Duration.between(session.lastPoll, now).toMillis();
        if (elapsed <= 0) {
            return;
        }
        if (idle.idle(session.process.key(), now).orElse(false)) {
            session.idleMillis += elapsed;
        } else {
            session.activeMillis += elapsed;
        }
        session.lastPoll = now;
    }

    private SessionEvent emit(Tracked session, EventType type, Instant now) {
        long wallSeconds = Math.max(0, Duration.between(session.accountedUntil, now).toMillis() / 1000);
        long idleSeconds = Math.min(wallSeconds, Math.round(session.idleMillis / 1000.0));
        long activeSeconds = wallSeconds - idleSeconds;
        session.accountedUntil = session.accountedUntil.plusSeconds(wallSeconds);
        session.activeMillis = 0;
        session.idleMillis = 0;
        ProcessSnapshot p = session.process;
        Optional<Instant> started = p.startedAt().equals(Instant.EPOCH) ? Optional.empty() : Optional.of(p.startedAt());
        return new SessionEvent(type, now, session.sessionId, Optional.of(session.productId), p.executable(), p.user(),
                p.pid(), started, (int) activeSeconds, (int) idleSeconds, Map.of());
    }
}
