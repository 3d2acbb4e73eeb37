package io.metering.ingest.topology;

import java.time.Instant;

import io.metering.schemas.EventType;
import io.metering.schemas.Session;
import io.metering.schemas.UsageEvent;

/**
 * What the topology knows about one session, folded from its deduplicated events with
 * order-independent operations only (min, max, sum), so that any arrival order of the same
 * events gives the same state apart from {@code version}, {@code timedOut},
 * {@code lastReceivedAt} and the bookkeeping of what was sent to minute aggregation
 * ({@code emitted}, {@code unemitted}; ADR 0808). See docs/decisions/0201-metering-semantics.md.
 * <p>
 * Immutable and thread-safe.
 *
 * @param tenantId       tenant
 * @param deviceId       device
 * @param sessionId      session id of the agent
 * @param productId      smallest product id seen (a process has one; the rule only makes it deterministic)
 * @param user           smallest non-blank user seen, or null
 * @param executable     smallest non-empty executable seen, or empty
 * @param launchStart    earliest LAUNCH occurredAt, or {@link #NONE_START}
 * @param fallbackStart  earliest start candidate of HEARTBEAT/EXIT events, or {@link #NONE_START}
 * @param exitEnd        latest EXIT occurredAt, or {@link #NONE_END}
 * @param lastOccurred   latest occurredAt of any event
 * @param launches       LAUNCH events
 * @param activeSeconds  sum over events
 * @param idleSeconds    sum over events
 * @param events         events
 * @param version        strictly increasing with every emitted change
 * @param timedOut       closed by the timeout punctuator since its last event
 * @param lastReceivedAt latest received time (record timestamp) of its events
 * @param emitted        the coverage the minute deltas sent so far count, or null if none were sent
 * @param unemitted      launches and active seconds of its events not yet sent as minute deltas
 */
record SessionState(
        String tenantId, String deviceId, String sessionId, String productId, String user,
        String executable, long launchStart, long fallbackStart, long exitEnd, long lastOccurred,
        int launches, long activeSeconds, long idleSeconds, int events, long version,
        boolean timedOut, long lastReceivedAt, SessionCoverage emitted, UnsentContributions unemitted) {

    static final long NONE_START = Long.MAX_VALUE;
    static final long NONE_END = Long.MIN_VALUE;

    /** The state before any event, with the identity of the event's session. */
    static SessionState empty(UsageEvent event) {
        return new SessionState(event.getTenantId(), event.getDeviceId(), event.getSessionId(),
                event.getProductId(), null, "", NONE_START, NONE_START, NONE_END, Long.MIN_VALUE,
                0, 0, 0, 0, 0, false, Long.MIN_VALUE, null, UnsentContributions.NONE);
    }

    /**
     * This state with one more deduplicated event of the session.
     *
     * @param maxBackdateMs how far before its occurredAt a {@code processStartedAt} may open a session
     */
    SessionState with(UsageEvent event, long receivedAt, long maxBackdateMs) {
        long occurredAt = event.getOccurredAt().toEpochMilli();
        boolean launch = event.getType() == EventType.LAUNCH;
        boolean exit = event.getType() == EventType.EXIT;
        return new SessionState(tenantId, deviceId, sessionId,
                min(productId, event.getProductId()), min(user, normalizedUser(event)),
                min(executable, event.getExecutable().isEmpty() ? null : event.getExecutable()),
                launch ? Math.min(launchStart, occurredAt) : launchStart,
                launch ? fallbackStart : Math.min(fallbackStart, startCandidate(event, maxBackdateMs)),
                exit ? Math.max(exitEnd, occurredAt) : exitEnd,
                Math.max(lastOccurred, occurredAt),
                launches + (launch ? 1 : 0),
                activeSeconds + event.getActiveSeconds(), idleSeconds + event.getIdleSeconds(),
                events + 1, version + 1, false, Math.max(lastReceivedAt, receivedAt), emitted,
                unemitted.plus(new MinuteContribution(event.getProductId(), Minutes.floor(occurredAt),
                        launch ? 1 : 0, event.getActiveSeconds())));
    }

    /** This state closed by the session timeout. */
    SessionState withTimedOut() {
        return new SessionState(tenantId, deviceId, sessionId, productId, user, executable,
                launchStart, fallbackStart, exitEnd, lastOccurred, launches, activeSeconds,
                idleSeconds, events, version + 1, true, lastReceivedAt, emitted, unemitted);
    }

    /**
     * This state after its minute deltas were sent: the coverage counted is the current one and no
     * contribution is pending. The session itself (and its version) is unchanged.
     */
    SessionState withDeltasEmitted() {
        return withDeltaBookkeeping(coverage(), UnsentContributions.NONE);
    }

    /** This state with the given record of what was sent to minute aggregation (see the parameters). */
    SessionState withDeltaBookkeeping(SessionCoverage sent, UnsentContributions unsent) {
        return new SessionState(tenantId, deviceId, sessionId, productId, user, executable,
                launchStart, fallbackStart, exitEnd, lastOccurred, launches, activeSeconds,
                idleSeconds, events, version, timedOut, lastReceivedAt, sent, unsent);
    }

    /** LAUNCH time when a LAUNCH was seen, else the earliest start candidate of the other events. */
    long start() {
        return launchStart != NONE_START ? launchStart : fallbackStart;
    }

    /** EXIT time when an EXIT was seen, else the latest event; never before {@link #start()}. */
    long end() {
        long end = exitEnd != NONE_END ? exitEnd : lastOccurred;
        return Math.max(end, start());
    }

    boolean exited() {
        return exitEnd != NONE_END;
    }

    boolean closed() {
        return exited() || timedOut;
    }

    /** Open sessions are the ones the timeout punctuator watches. */
    boolean open() {
        return !closed();
    }

    String key() {
        return tenantId + "/" + deviceId + "/" + sessionId;
    }

    SessionCoverage coverage() {
        return SessionCoverage.of(productId, UserIdentity.of(user, deviceId), start(), end());
    }

    Session toSession() {
        return Session.newBuilder()
                .setTenantId(tenantId).setDeviceId(deviceId).setSessionId(sessionId)
                .setProductId(productId).setUser(user).setExecutable(executable)
                .setStartedAt(Instant.ofEpochMilli(start())).setEndedAt(Instant.ofEpochMilli(end()))
                .setClosed(closed()).setLaunches(launches).setActiveSeconds(activeSeconds)
                .setIdleSeconds(idleSeconds).setEvents(events).setVersion(version)
                .build();
    }

    /** processStartedAt when present, not after occurredAt and at most maxBackdate before it; else occurredAt. */
    private static long startCandidate(UsageEvent event, long maxBackdateMs) {
        long occurredAt = event.getOccurredAt().toEpochMilli();
        Instant processStartedAt = event.getProcessStartedAt();
        if (processStartedAt == null || processStartedAt.toEpochMilli() > occurredAt) {
            return occurredAt;
        }
        return Math.max(processStartedAt.toEpochMilli(), occurredAt - maxBackdateMs);
    }

    private static String normalizedUser(UsageEvent event) {
        String user = event.getUser();
        return user == null || user.isBlank() ? null : user;
    }

    private static String min(String current, String candidate) {
        if (current == null) {
            return candidate;
        }
        return candidate == null || current.compareTo(candidate) <= 0 ? current : candidate;
    }
}
