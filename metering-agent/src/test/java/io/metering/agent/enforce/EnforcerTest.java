package io.metering.agent.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.metering.agent.catalog.Catalog;
import io.metering.agent.catalog.DetectionRule;
import io.metering.agent.catalog.Product;
import io.metering.agent.config.Json;
import io.metering.agent.idle.IdleDetector;
import io.metering.agent.process.ProcessKey;
import io.metering.agent.process.ProcessSnapshot;
import io.metering.agent.process.ProcessTable;
import io.metering.agent.process.ProcessWatcher;
import io.metering.agent.session.SessionEvent;
import io.metering.agent.session.SessionTracker;
import io.metering.agent.testing.FakeLeaseServer;
import io.metering.agent.upload.TokenProvider;
import io.metering.schemas.EventType;

class EnforcerTest {

    static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");
    static final Catalog CATALOG = new Catalog("v1", List.of(
            product("cad", "deny"), product("photo", "warn"), product("office", "none")), 900);

    @TempDir
    Path dir;
    FakeLeaseServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The processes of a fake machine; ending one removes it, as the OS would. */
    static final class FakeTable implements ProcessTable, ProcessTerminator {
        final List<ProcessSnapshot> processes = new ArrayList<>();
        final List<Long> terminated = new ArrayList<>();
        boolean osRefuses;

        @Override
        public Collection<ProcessSnapshot> snapshot() {
            return List.copyOf(processes);
        }

        @Override
        public Optional<Duration> cpuTime(ProcessKey process) {
            return Optional.empty();
        }

        @Override
        public boolean terminate(long pid, Instant startedAt) {
            terminated.add(pid);
            if (osRefuses) {
                return false;
            }
            processes.removeIf(p -> p.pid() == pid && p.startedAt().equals(startedAt));
            return true;
        }
    }

    /** One agent: fake process table, real watcher, tracker and enforcer, a clock moved by hand. */
    final class Agent {
        final FakeTable table = new FakeTable();
        final ProcessWatcher watcher = new ProcessWatcher(table);
        final SessionTracker tracker = new SessionTracker("dev-1", Duration.ofSeconds(60), new IdleDetector() {
            @Override
            public Optional<Boolean> idle(ProcessKey process, Instant now) {
                return Optional.of(false);
            }

            @Override
            public void forget(ProcessKey process) {
            }
        });
        final List<Notification> notified = new ArrayList<>();
        final EnforcementStore store = new EnforcementStore(dir.resolve("enforcement.json"), Json.newMapper());
        final Enforcer enforcer;
        Instant now = T0;

        Agent(Duration offlineGrace) throws IOException {
            TokenProvider tokens = new TokenProvider() {
                @Override
                public String token() {
                    return "t";
                }

                @Override
                public void invalidate() {
                }
            };
            enforcer = new Enforcer("dev-1", new HttpLeaseClient(HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1).build(), server.url(), tokens, Json.newMapper(),
                    Duration.ofSeconds(5)), table, notified::add, store, tracker::isOpen, tracker::discard,
                    Duration.ofSeconds(60), offlineGrace, T0);
        }

        void launch(long pid, String executable) {
            table.processes.add(new ProcessSnapshot(pid, now.minusMillis(500), Optional.of("alice"), executable));
        }

        void exit(long pid) {
            table.processes.removeIf(p -> p.pid() == pid);
        }

        List<SessionEvent> poll(Duration later) throws InterruptedException {
            now = now.plus(later);
            return enforcer.apply(tracker.onPoll(watcher.poll(), CATALOG, now), CATALOG, now);
        }
    }

    @Test
    void aGrantedSeatIsRenewedEveryHeartbeatAndReleasedAtExit() throws Exception {
        server = new FakeLeaseServer().seats("cad", "deny", 1);
        Agent agent = new Agent(Duration.ofMinutes(15));
        agent.poll(Duration.ZERO);
        agent.launch(100, "/opt/cad/cad.exe");

        assertThat(types(agent.poll(Duration.ofSeconds(2)))).containsExactly(EventType.LAUNCH);
        assertThat(server.leases()).singleElement().satisfies(l -> {
            assertThat(l.productId()).isEqualTo("cad");
            assertThat(l.deviceId()).isEqualTo("dev-1");
            assertThat(l.user()).isEqualTo("alice");
        });
        String leaseId = server.leases().get(0).id();
        assertThat(types(agent.poll(Duration.ofSeconds(60)))).containsExactly(EventType.HEARTBEAT);
        assertThat(server.calls()).containsExactly("POST cad", "PUT " + leaseId);

        agent.exit(100);
        assertThat(types(agent.poll(Duration.ofSeconds(2)))).containsExactly(EventType.EXIT);
        assertThat(server.calls()).endsWith("DELETE " + leaseId);
        assertThat(server.leases()).isEmpty();
        assertThat(agent.enforcer.leases()).isEmpty();
    }

    @Test
    void aRefusedSeatUnderDenyEndsTheProcessAndRecordsDeniedInsteadOfTheLaunch() throws Exception {
        server = new FakeLeaseServer().seats("cad", "deny", 1);
        Agent agent = new Agent(Duration.ofMinutes(15));
        agent.poll(Duration.ZERO);
        agent.launch(100, "/opt/cad/cad.exe");
        agent.poll(Duration.ofSeconds(2));
        agent.launch(200, "C:\\CAD\\cad.exe");

        List<SessionEvent> events = agent.poll(Duration.ofSeconds(2));

        assertThat(events).singleElement().satisfies(denied -> {
            assertThat(denied.type()).isEqualTo(EventType.DENIED);
            assertThat(denied.pid()).isEqualTo(200);
            assertThat(denied.productId()).contains("cad");
            assertThat(denied.attributes()).containsEntry("reason", "no_seat").containsEntry("terminated", "true");
        });
        assertThat(agent.table.terminated).containsExactly(200L);
        assertThat(types(agent.poll(Duration.ofSeconds(2)))).as("no EXIT for a denied launch").isEmpty();
        assertThat(agent.notified).singleElement().satisfies(n -> assertThat(n.enforcement()).isEqualTo("deny"));
        assertThat(server.leases()).hasSize(1);
    }

    @Test
    void aRefusedSeatUnderWarnLetsTheProcessRunAndRecordsANotificationForStatus() throws Exception {
        server = new FakeLeaseServer().seats("photo", "warn", 0);
        Agent agent = new Agent(Duration.ofMinutes(15));
        agent.poll(Duration.ZERO);
        agent.launch(300, "/usr/bin/photo.exe");

        assertThat(types(agent.poll(Duration.ofSeconds(2)))).containsExactly(EventType.LAUNCH);

        assertThat(agent.table.terminated).isEmpty();
        assertThat(agent.notified).singleElement().satisfies(n -> {
            assertThat(n.enforcement()).isEqualTo("warn");
            assertThat(n.productId()).isEqualTo("photo");
            assertThat(n.message()).contains("seats of photo are in use");
        });
        assertThat(agent.store.load().notifications()).containsExactlyElementsOf(agent.notified);
        assertThat(types(agent.poll(Duration.ofSeconds(60)))).containsExactly(EventType.HEARTBEAT);
    }

    @Test
    void productsWithoutEnforcementNeverCallTheLeaseServer() throws Exception {
        server = new FakeLeaseServer();
        Agent agent = new Agent(Duration.ofMinutes(15));
        agent.poll(Duration.ZERO);
        agent.launch(400, "/opt/office/office.exe");
        agent.launch(401, "/bin/unknown");

        assertThat(types(agent.poll(Duration.ofSeconds(2)))).containsExactly(EventType.LAUNCH);
        agent.exit(400);
        assertThat(types(agent.poll(Duration.ofSeconds(2)))).containsExactly(EventType.EXIT);
        assertThat(server.calls()).isEmpty();
    }

    @Test
    void aRenewalTheServerNoLongerKnowsAsksForANewSeat() throws Exception {
        server = new FakeLeaseServer().seats("cad", "deny", 1);
        Agent agent = new Agent(Duration.ofMinutes(15));
        agent.poll(Duration.ZERO);
        agent.launch(100, "/opt/cad/cad.exe");
        agent.poll(Duration.ofSeconds(2));
        String first = server.leases().get(0).id();
        server.expireAll();

        agent.poll(Duration.ofSeconds(60));

        assertThat(server.calls()).containsExactly("POST cad", "PUT " + first, "POST cad");
        assertThat(server.leases()).singleElement().satisfies(l -> assertThat(l.id()).isNotEqualTo(first));
        assertThat(agent.enforcer.leases()).singleElement()
                .satisfies(l -> assertThat(l.leaseId()).isEqualTo(server.leases().get(0).id()));
    }

    @Test
    void offlineWithinTheGraceASeatIsGrantedLocallyAndReconciledWhenTheServerAnswersAgain() throws Exception {
        server = new FakeLeaseServer().seats("cad", "deny", 1);
        Agent agent = new Agent(Duration.ofMinutes(15));
        agent.poll(Duration.ZERO);
        server.offline(true);
        agent.launch(100, "/opt/cad/cad.exe");
        agent.launch(200, "/opt/cad/cad.exe");

        assertThat(types(agent.poll(Duration.ofSeconds(2)))).containsExactly(EventType.LAUNCH, EventType.LAUNCH);
        assertThat(agent.enforcer.leases()).hasSize(2).allMatch(HeldLease::local);
        assertThat(agent.table.terminated).isEmpty();

        server.offline(false);
        List<SessionEvent> reconciled = agent.poll(Duration.ofSeconds(40));

        assertThat(server.leases()).singleElement().satisfies(l -> assertThat(l.sessionId())
                .isEqualTo(agent.enforcer.leases().get(0).sessionId()));
        assertThat(agent.enforcer.leases()).singleElement().matches(l -> !l.local());
        assertThat(reconciled).extracting(SessionEvent::type).containsExactly(EventType.DENIED);
        assertThat(agent.table.terminated).hasSize(1);
        assertThat(types(agent.poll(Duration.ofSeconds(2)))).as("the ended process exits as usual")
                .containsExactly(EventType.EXIT);
    }

    @Test
    void offlineBeyondTheGraceTheCachedDenyPolicyApplies() throws Exception {
        server = new FakeLeaseServer().seats("cad", "deny", 5);
        Agent agent = new Agent(Duration.ofMinutes(15));
        agent.poll(Duration.ZERO);
        server.offline(true);
        agent.poll(Duration.ofMinutes(16));
        agent.launch(100, "/opt/cad/cad.exe");

        List<SessionEvent> events = agent.poll(Duration.ofSeconds(2));

        assertThat(events).singleElement().satisfies(denied -> {
            assertThat(denied.type()).isEqualTo(EventType.DENIED);
            assertThat(denied.attributes()).containsEntry("reason", "offline_grace_expired");
        });
        assertThat(agent.table.terminated).containsExactly(100L);
    }

    @Test
    void whenTheOsRefusesToEndADeniedProcessItsSessionIsStillMetered() throws Exception {
        server = new FakeLeaseServer().seats("cad", "deny", 0);
        Agent agent = new Agent(Duration.ofMinutes(15));
        agent.table.osRefuses = true;
        agent.poll(Duration.ZERO);
        agent.launch(100, "/opt/cad/cad.exe");

        List<SessionEvent> events = agent.poll(Duration.ofSeconds(2));

        assertThat(types(events)).containsExactly(EventType.LAUNCH, EventType.DENIED);
        assertThat(events.get(1).attributes()).containsEntry("terminated", "false");
        assertThat(types(agent.poll(Duration.ofSeconds(60)))).containsExactly(EventType.HEARTBEAT);
    }

    @Test
    void aRestartedAgentKeepsRenewingTheSeatsOfSessionsThatContinue() throws Exception {
        server = new FakeLeaseServer().seats("cad", "deny", 1);
        Agent first = new Agent(Duration.ofMinutes(15));
        first.poll(Duration.ZERO);
        first.launch(100, "/opt/cad/cad.exe");
        first.poll(Duration.ofSeconds(2));
        String leaseId = server.leases().get(0).id();

        Agent second = new Agent(Duration.ofMinutes(15));
        second.table.processes.addAll(first.table.processes);
        second.tracker.restore(first.tracker.openSessions(), 0);
        second.now = first.now;
        second.poll(Duration.ofSeconds(60));

        assertThat(second.enforcer.leases()).singleElement().satisfies(l -> assertThat(l.leaseId()).isEqualTo(leaseId));
        assertThat(server.calls()).containsExactly("POST cad", "PUT " + leaseId);
    }

    static List<EventType> types(List<SessionEvent> events) {
        return events.stream().map(SessionEvent::type).toList();
    }

    static Product product(String id, String enforcement) {
        return new Product(id, id, List.of(DetectionRule.executable(id + ".exe")), enforcement);
    }
}
