package io.metering.agent.enforce;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.metering.agent.catalog.Catalog;
import io.metering.agent.catalog.Product;
import io.metering.agent.session.SessionEvent;
import io.metering.schemas.EventType;

/**
 * Seat enforcement on the agent, between the session tracker and the spool. For a LAUNCH of a product
 * whose policy is {@code warn} or {@code deny} it asks the server for a seat lease:
 * <ul>
 *   <li>granted: the session runs; the lease is renewed every heartbeat (or at half its TTL if shorter),
 *       a renewal answered 404 asks for a new seat, the EXIT releases it;</li>
 *   <li>refused under {@code deny}: the process is ended ({@link ProcessTerminator}) and a DENIED event
 *       replaces the LAUNCH (the session is dropped, so a denied launch is never metered); if the OS
 *       refuses to end it, LAUNCH and DENIED are both recorded and the session is metered;</li>
 *   <li>refused under {@code warn}: the session runs and a notification is recorded and sent;</li>
 *   <li>server unreachable: within the offline grace since the last answer from the server the seat is
 *       granted locally and requested again once the server answers (a refusal then applies as above);
 *       beyond the grace the cached policy applies as if refused.</li>
 * </ul>
 * Products whose policy is {@code none} never cause a call. While offline, the server is asked again
 * at most every {@value #OFFLINE_RETRY_SECONDS} s.
 * <p>
 * Not thread-safe: the poll thread owns it.
 */
public final class Enforcer {

    static final long OFFLINE_RETRY_SECONDS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(Enforcer.class);

    private final String deviceId;
    private final LeaseClient client;
    private final ProcessTerminator terminator;
    private final Notifier notifier;
    private final EnforcementStore store;
    private final Predicate<String> sessionOpen;
    private final Consumer<String> discardSession;
    private final Duration heartbeat;
    private final Duration offlineGrace;
    private final Map<String, HeldLease> leases = new LinkedHashMap<>();
    private final List<Notification> notifications = new ArrayList<>();
    private Instant lastContact;
    private Instant offlineUntil = Instant.MIN;
    private boolean dirty;

    /**
     * @param sessionOpen    whether the tracker still has the session open (leases of others are released)
     * @param discardSession drops a session from the tracker without an EXIT (its launch was denied)
     * @param startedAt      start of the offline grace when the server never answered yet
     */
    public Enforcer(String deviceId, LeaseClient client, ProcessTerminator terminator, Notifier notifier,
                    EnforcementStore store, Predicate<String> sessionOpen, Consumer<String> discardSession,
                    Duration heartbeat, Duration offlineGrace, Instant startedAt) throws IOException {
        this.deviceId = deviceId;
        this.client = client;
        this.terminator = terminator;
        this.notifier = notifier;
        this.store = store;
        this.sessionOpen = sessionOpen;
        this.discardSession = discardSession;
        this.heartbeat = heartbeat;
        this.offlineGrace = offlineGrace;
        EnforcementStore.State saved = store.load();
        saved.leases().forEach(lease -> leases.put(lease.sessionId(), lease));
        notifications.addAll(saved.notifications());
        this.lastContact = saved.lastContact() > 0 ? Instant.ofEpochMilli(saved.lastContact()) : startedAt;
    }

    /**
     * Applies the policy to one poll's events and renews or reconciles the seats that are due. Returns the
     * events to record: the given ones, with denied LAUNCHes replaced by DENIED, plus DENIED events of
     * sessions refused on reconciliation.
     */
    public List<SessionEvent> apply(List<SessionEvent> events, Catalog catalog, Instant now)
            throws InterruptedException {
        if (leases.isEmpty() && !anyEnforced(events, catalog)) {
            return events;
        }
        List<SessionEvent> out = new ArrayList<>(events.size() + 1);
        for (SessionEvent event : events) {
            if (event.type() == EventType.LAUNCH) {
                Enforcement policy = enforcement(catalog, event.productId());
                if (policy == Enforcement.NONE) {
                    out.add(event);
                } else {
                    out.addAll(onLaunch(event, policy, now));
                }
            } else {
                out.add(event);
                if (event.type() == EventType.EXIT) {
                    release(event.sessionId(), now);
                }
            }
        }
        renewDue(out, now);
        persistIfChanged();
        return out;
    }

    /** The server answered another call (e.g. the catalog fetch): the agent is online. */
    public void contact(Instant now) {
        lastContact = now;
        offlineUntil = Instant.MIN;
    }

    /** Seats held now, for tests and status. */
    public List<HeldLease> leases() {
        return List.copyOf(leases.values());
    }

    private List<SessionEvent> onLaunch(SessionEvent launch, Enforcement policy, Instant now)
            throws InterruptedException {
        HeldLease seat = new HeldLease(launch.sessionId(), launch.productId().orElseThrow(), policy.apiName(), null,
                launch.pid(), launch.processStartedAt().map(Instant::toEpochMilli).orElse(0L),
                launch.user().orElse(null), launch.executable(), now.toEpochMilli(), 0);
        if (now.isBefore(offlineUntil)) {
            return offline(launch, seat, policy, now);
        }
        try {
            LeaseAnswer answer = client.request(deviceId, seat.productId(), seat.sessionId(), launch.user());
            contact(now);
            return onAnswer(answer, seat, policy, Optional.of(launch), now);
        } catch (LeaseServerUnavailable e) {
            wentOffline(e, now);
            return offline(launch, seat, policy, now);
        }
    }

    private List<SessionEvent> offline(SessionEvent launch, HeldLease seat, Enforcement policy, Instant now) {
        if (now.isBefore(lastContact.plus(offlineGrace))) {
            LOG.info("Lease server unreachable: seat for {} (session {}) granted locally, to be confirmed",
                    seat.productId(), seat.sessionId());
            hold(seat);
            return List.of(launch);
        }
        return refuse(seat, policy, "no answer from the lease server for more than " + offlineGrace.toMinutes()
                + " min: the cached policy applies", "offline_grace_expired", Optional.of(launch), now);
    }

    private List<SessionEvent> onAnswer(LeaseAnswer answer, HeldLease seat, Enforcement policy,
                                        Optional<SessionEvent> launch, Instant now) {
        if (answer instanceof LeaseAnswer.Granted granted) {
            hold(seat.withServerLease(granted.leaseId(), nextRenewal(now, granted.ttl()),
                    granted.ttl().toSeconds()));
            return launch.map(List::of).orElse(List.of());
        }
        if (answer instanceof LeaseAnswer.Refused refused) {
            forget(seat.sessionId());
            Enforcement enforcement = refused.enforcement() == Enforcement.NONE ? policy : refused.enforcement();
            return refuse(seat, enforcement, refused.message(), "no_seat", launch, now);
        }
        forget(seat.sessionId());
        return launch.map(List::of).orElse(List.of());
    }

    private List<SessionEvent> refuse(HeldLease seat, Enforcement enforcement, String message, String reason,
                                      Optional<SessionEvent> launch, Instant now) {
        Notification notification = new Notification(now.toString(), seat.productId(), seat.sessionId(), seat.user(),
                enforcement.apiName(), message);
        notifications.add(notification);
        dirty = true;
        notifier.notify(notification);
        if (enforcement != Enforcement.DENY) {
            return launch.map(List::of).orElse(List.of());
        }
        boolean ended = terminator.terminate(seat.pid(), Instant.ofEpochMilli(seat.processStartedAt()));
        SessionEvent denied = denied(seat, message, reason, ended, now);
        if (launch.isPresent() && ended) {
            discardSession.accept(seat.sessionId());
            return List.of(denied);
        }
        return launch.isPresent() ? List.of(launch.get(), denied) : List.of(denied);
    }

    private void renewDue(List<SessionEvent> out, Instant now) throws InterruptedException {
        if (leases.isEmpty() || now.isBefore(offlineUntil)) {
            return;
        }
        for (HeldLease lease : List.copyOf(leases.values())) {
            if (!sessionOpen.test(lease.sessionId())) {
                release(lease.sessionId(), now);
                continue;
            }
            if (now.toEpochMilli() < lease.renewAt() || now.isBefore(offlineUntil)) {
                continue;
            }
            try {
                Optional<Duration> renewed = lease.local() ? Optional.empty() : client.renew(lease.leaseId());
                if (renewed.isPresent()) {
                    leases.put(lease.sessionId(), lease.renewAt(nextRenewal(now, renewed.get())));
                } else {
                    LeaseAnswer answer = client.request(deviceId, lease.productId(), lease.sessionId(),
                            Optional.ofNullable(lease.user()));
                    out.addAll(onAnswer(answer, lease, Enforcement.parse(lease.enforcement()), Optional.empty(), now));
                    dirty = true;
                }
                contact(now);
            } catch (LeaseServerUnavailable e) {
                wentOffline(e, now);
                return;
            }
        }
    }

    private void release(String sessionId, Instant now) throws InterruptedException {
        HeldLease lease = leases.remove(sessionId);
        if (lease == null) {
            return;
        }
        dirty = true;
        if (lease.local() || now.isBefore(offlineUntil)) {
            return;
        }
        try {
            client.release(lease.leaseId());
            contact(now);
        } catch (LeaseServerUnavailable e) {
            wentOffline(e, now);
            LOG.info("Lease {} not released ({}); the server expires it", lease.leaseId(), e.getMessage());
        }
    }

    private SessionEvent denied(HeldLease seat, String message, String reason, boolean ended, Instant now) {
        Map<String, String> attributes = Map.of("reason", reason, "message", message, "enforcement", "deny",
                "terminated", Boolean.toString(ended));
        Optional<Instant> started = seat.processStartedAt() == 0 ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(seat.processStartedAt()));
        return new SessionEvent(EventType.DENIED, now, seat.sessionId(), Optional.of(seat.productId()),
                seat.executable(), Optional.ofNullable(seat.user()), seat.pid(), started, 0, 0, attributes);
    }

    private long nextRenewal(Instant now, Duration ttl) {
        Duration half = ttl.dividedBy(2);
        Duration every = half.compareTo(heartbeat) < 0 ? half : heartbeat;
        return now.plus(every.isZero() ? Duration.ofSeconds(1) : every).toEpochMilli();
    }

    private void wentOffline(LeaseServerUnavailable e, Instant now) {
        if (!now.isBefore(offlineUntil.plusSeconds(OFFLINE_RETRY_SECONDS))) {
            LOG.warn("Lease server unavailable: {}", e.getMessage());
        }
        offlineUntil = now.plusSeconds(OFFLINE_RETRY_SECONDS);
    }

    private void hold(HeldLease lease) {
        leases.put(lease.sessionId(), lease);
        dirty = true;
    }

    private void forget(String sessionId) {
        dirty |= leases.remove(sessionId) != null;
    }

    private void persistIfChanged() {
        if (!dirty) {
            return;
        }
        try {
            store.save(new EnforcementStore.State(lastContact.toEpochMilli(), List.copyOf(leases.values()),
                    notifications));
            dirty = false;
        } catch (IOException e) {
            LOG.warn("Cannot save the enforcement state: {}", e.getMessage());
        }
        if (notifications.size() > EnforcementStore.KEPT_NOTIFICATIONS) {
            notifications.subList(0, notifications.size() - EnforcementStore.KEPT_NOTIFICATIONS).clear();
        }
    }

    private static boolean anyEnforced(List<SessionEvent> events, Catalog catalog) {
        for (int i = 0; i < events.size(); i++) {
            SessionEvent event = events.get(i);
            if (event.type() == EventType.LAUNCH && enforcement(catalog, event.productId()) != Enforcement.NONE) {
                return true;
            }
        }
        return false;
    }

    private static Enforcement enforcement(Catalog catalog, Optional<String> productId) {
        if (productId.isEmpty()) {
            return Enforcement.NONE;
        }
        for (Product product : catalog.products()) {
            if (product.id().equals(productId.get())) {
                return Enforcement.parse(product.enforcement());
            }
        }
        return Enforcement.NONE;
    }
}
