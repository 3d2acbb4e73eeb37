package io.metering.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.metering.agent.catalog.Catalog;
import io.metering.agent.catalog.DetectionRule;
import io.metering.agent.catalog.Product;
import io.metering.agent.idle.IdleDetector;
import io.metering.agent.process.ProcessChanges;
import io.metering.agent.process.ProcessKey;
import io.metering.agent.process.ProcessSnapshot;
import io.metering.schemas.EventType;

class SessionTrackerTest {

    static final Catalog CATALOG = new Catalog("1",
            List.of(new Product("autocad", "AutoCAD", List.of(DetectionRule.executable("acad.exe")), "none")), 900);
    static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");
    static final ProcessSnapshot ACAD = new ProcessSnapshot(42, T0.minusSeconds(5), Optional.of("alice"),
            "C:\\Apps\\acad.exe");
    static final ProcessSnapshot BASH = new ProcessSnapshot(43, T0, Optional.of("alice"), "/bin/bash");

    /** Idle whenever {@code idle} contains the poll time. */
    static final class ScriptedIdle implements IdleDetector {
        final Set<Instant> idle = new HashSet<>();

        @Override
        public Optional<Boolean> idle(ProcessKey process, Instant now) {
            return Optional.of(idle.contains(now));
        }
    }

    static ProcessChanges launched(boolean first, ProcessSnapshot... p) {
        return new ProcessChanges(List.of(p), List.of(), first);
    }

    static ProcessChanges exited(ProcessSnapshot... p) {
        return new ProcessChanges(List.of(), List.of(p), false);
    }

    static ProcessChanges none() {
        return new ProcessChanges(List.of(), List.of(), false);
    }

    @Test
    void recognisedProcessGetsLaunchHeartbeatsAndExit() {
        SessionTracker tracker = new SessionTracker("dev-1", Duration.ofSeconds(60), new ScriptedIdle());
        List<SessionEvent> events = new ArrayList<>(tracker.onPoll(launched(true, ACAD), CATALOG, T0));
        for (int s = 2; s <= 130; s += 2) {
            events.addAll(tracker.onPoll(none(), CATALOG, T0.plusSeconds(s)));
        }
        events.addAll(tracker.onPoll(exited(ACAD), CATALOG, T0.plusSeconds(132)));

        assertThat(events).extracting(SessionEvent::type).containsExactly(EventType.LAUNCH, EventType.HEARTBEAT,
                EventType.HEARTBEAT, EventType.EXIT);
        assertThat(events).extracting(SessionEvent::occurredAt).containsExactly(T0, T0.plusSeconds(60),
                T0.plusSeconds(120), T0.plusSeconds(132));
        assertThat(events).extracting(SessionEvent::sessionId).containsOnly(events.get(0).sessionId());
        assertThat(events.get(0).productId()).contains("autocad");
        assertThat(events.get(0).processStartedAt()).contains(ACAD.startedAt());
        assertThat(events.get(3).activeSeconds() + events.get(3).idleSeconds()).isEqualTo(12);
    }

    @Test
    void activeAndIdleSecondsAddUpToTheWallTimeBetweenEvents() {
        ScriptedIdle idle = new ScriptedIdle();
        for (int s = 22; s <= 60; s += 2) {
            idle.idle.add(T0.plusSeconds(s)); // idle from second 20 to 60
        }
        SessionTracker tracker = new SessionTracker("dev-1", Duration.ofSeconds(60), idle);
        List<SessionEvent> events = new ArrayList<>(tracker.onPoll(launched(true, ACAD), CATALOG, T0));
        for (int s = 2; s <= 60; s += 2) {
            events.addAll(tracker.onPoll(none(), CATALOG, T0.plusSeconds(s)));
        }
        SessionEvent heartbeat = events.get(1);
        assertThat(heartbeat.type()).isEqualTo(EventType.HEARTBEAT);
        assertThat(heartbeat.activeSeconds()).isEqualTo(20);
        assertThat(heartbeat.idleSeconds()).isEqualTo(40);
        assertThat(heartbeat.activeSeconds() + heartbeat.idleSeconds()).isEqualTo(60);
    }

    @Test
    void sessionTotalsAddUpEvenWhenPollsAreIrregular() {
        SessionTracker tracker = new SessionTracker("dev-1", Duration.ofSeconds(60), new ScriptedIdle());
        List<SessionEvent> events = new ArrayList<>(tracker.onPoll(launched(true, ACAD), CATALOG, T0));
        long millis = 0;
        while (millis < 400_000) {
            millis += 1_700 + (millis % 900);
            events.addAll(tracker.onPoll(none(), CATALOG, T0.plusMillis(millis)));
        }
        Instant end = T0.plusMillis(millis + 1_300);
        events.addAll(tracker.onPoll(exited(ACAD), CATALOG, end));
        int total = events.stream().mapToInt(e -> e.activeSeconds() + e.idleSeconds()).sum();
        assertThat(total).isEqualTo((int) Duration.between(T0, end).toSeconds());
    }

    @Test
    void unrecognisedLaunchesAreOnlyCountedAndNotOnTheFirstPoll() {
        SessionTracker tracker = new SessionTracker("dev-1", Duration.ofSeconds(60), new ScriptedIdle());
        assertThat(tracker.onPoll(launched(true, BASH), CATALOG, T0)).isEmpty();
        ProcessSnapshot other = new ProcessSnapshot(44, T0, Optional.empty(), "/usr/bin/vim");
        assertThat(tracker.onPoll(launched(false, other), CATALOG, T0.plusSeconds(2))).isEmpty();
        assertThat(tracker.unrecognisedLaunches()).isEqualTo(1);
    }

    @Test
    void sessionIdIsTheSameForTheSameProcessAfterARestart() {
        SessionTracker before = new SessionTracker("dev-1", Duration.ofSeconds(60), new ScriptedIdle());
        String id = before.onPoll(launched(true, ACAD), CATALOG, T0).get(0).sessionId();
        before.onPoll(none(), CATALOG, T0.plusSeconds(60));
        List<OpenSession> open = before.openSessions();

        SessionTracker after = new SessionTracker("dev-1", Duration.ofSeconds(60), new ScriptedIdle());
        after.restore(open, 3);
        List<SessionEvent> first = after.onPoll(launched(true, ACAD), CATALOG, T0.plusSeconds(100));
        assertThat(first).isEmpty(); // no second LAUNCH
        List<SessionEvent> next = after.onPoll(none(), CATALOG, T0.plusSeconds(120));
        assertThat(next).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.HEARTBEAT);
            assertThat(e.sessionId()).isEqualTo(id);
            assertThat(e.activeSeconds() + e.idleSeconds()).isEqualTo(60);
            assertThat(e.idleSeconds()).isEqualTo(40); // the 40 s the agent was down
        });
        assertThat(after.unrecognisedLaunches()).isEqualTo(3);
    }

    @Test
    void aSessionWhoseProcessEndedWhileTheAgentWasDownGetsItsExit() {
        SessionTracker before = new SessionTracker("dev-1", Duration.ofSeconds(60), new ScriptedIdle());
        String id = before.onPoll(launched(true, ACAD), CATALOG, T0).get(0).sessionId();
        SessionTracker after = new SessionTracker("dev-1", Duration.ofSeconds(60), new ScriptedIdle());
        after.restore(before.openSessions(), 0);
        List<SessionEvent> events = after.onPoll(launched(true, BASH), CATALOG, T0.plusSeconds(30));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.EXIT);
            assertThat(e.sessionId()).isEqualTo(id);
            assertThat(e.activeSeconds() + e.idleSeconds()).isEqualTo(30);
        });
    }

    @Test
    void openSessionsSurviveTheSessionStore(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        SessionTracker tracker = new SessionTracker("dev-1", Duration.ofSeconds(60), new ScriptedIdle());
        tracker.onPoll(launched(true, ACAD), CATALOG, T0);
        SessionStore store = new SessionStore(dir.resolve("sessions.json"), io.metering.agent.config.Json.newMapper());
        store.save(tracker.openSessions(), 5);
        assertThat(store.loadSessions()).isEqualTo(tracker.openSessions());
        assertThat(store.load().unrecognisedLaunches()).isEqualTo(5);
    }
}
