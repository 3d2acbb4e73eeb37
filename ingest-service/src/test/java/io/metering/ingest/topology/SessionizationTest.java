package io.metering.ingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.metering.schemas.EventType;
import io.metering.schemas.Session;

class SessionizationTest {

    static final Instant T0 = Instant.parse("2026-11-02T09:15:00Z");

    final TopologyHarness harness = new TopologyHarness(T0);
    final TestEvents.Device device = TestEvents.device("acme", "dev-1");

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void launchHeartbeatsAndExitMakeOneClosedSessionFromLaunchToExit() {
        TestEvents.Session s = device.session("s1", "autocad", "alice");
        harness.send(s.launch(T0), s.heartbeat(T0.plusSeconds(60), 50, 10), s.exit(T0.plusSeconds(90), 20, 10));

        Session session = harness.session(s.key());
        assertThat(session.getStartedAt()).isEqualTo(T0);
        assertThat(session.getEndedAt()).isEqualTo(T0.plusSeconds(90));
        assertThat(session.getClosed()).isTrue();
        assertThat(session.getLaunches()).isEqualTo(1);
        assertThat(session.getActiveSeconds()).isEqualTo(70);
        assertThat(session.getIdleSeconds()).isEqualTo(20);
        assertThat(session.getEvents()).isEqualTo(3);
        assertThat(session.getUser()).isEqualTo("alice");
        assertThat(session.getProductId()).isEqualTo("autocad");
        assertThat(session.getVersion()).isEqualTo(3);
    }

    @Test
    void sessionIsEmittedOpenAfterEachEventBeforeExit() {
        TestEvents.Session s = device.session("s1", "autocad", "alice");
        harness.send(s.launch(T0), s.heartbeat(T0.plusSeconds(60), 60, 0));

        Session session = harness.session(s.key());
        assertThat(session.getClosed()).isFalse();
        assertThat(session.getEndedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(harness.sessionRecordCount()).isEqualTo(2);
    }

    @Test
    void heartbeatFirstSessionStartsAtProcessStartedAt() {
        TestEvents.Session s = device.session("s1", "autocad", "alice");
        Instant processStarted = T0.minusSeconds(300);
        harness.send(s.heartbeat(T0, 60, 0, processStarted));

        assertThat(harness.session(s.key()).getStartedAt()).isEqualTo(processStarted);
        assertThat(harness.session(s.key()).getLaunches()).isZero();
    }

    @Test
    void heartbeatFirstSessionWithoutProcessStartedAtStartsAtItsOccurrence() {
        TestEvents.Session s = device.session("s1", "autocad", "alice");
        harness.send(s.heartbeat(T0, 60, 0), s.heartbeat(T0.plusSeconds(60), 60, 0));

        assertThat(harness.session(s.key()).getStartedAt()).isEqualTo(T0);
    }

    @Test
    void launchArrivingAfterItsHeartbeatMovesTheStartToTheLaunchTime() {
        TestEvents.Session s = device.session("s1", "autocad", "alice");
        var launch = s.launch(T0.minusSeconds(30));
        var heartbeat = s.heartbeat(T0.plusSeconds(30), 60, 0, T0.minusSeconds(90));
        harness.send(heartbeat);
        assertThat(harness.minute("acme", "autocad", T0.minusSeconds(120)).getSessions()).isEqualTo(1);

        harness.send(launch, T0.plusSeconds(40));

        assertThat(harness.session(s.key()).getStartedAt()).isEqualTo(T0.minusSeconds(30));
        assertThat(harness.session(s.key()).getLaunches()).isEqualTo(1);
        assertThat(harness.minute("acme", "autocad", T0.minusSeconds(120)).getSessions()).isZero();
        assertThat(harness.minute("acme", "autocad", T0.minusSeconds(60)).getSessions()).isEqualTo(1);
    }

    @Test
    void sessionWithoutExitClosesAtItsLastEventAfterTheTimeout() {
        TestEvents.Session s = device.session("s1", "autocad", "alice");
        harness.send(s.launch(T0), s.heartbeat(T0.plusSeconds(60), 60, 0));
        harness.advanceWallClock(Duration.ofSeconds(120));
        assertThat(harness.session(s.key()).getClosed()).as("closed before the timeout").isFalse();

        harness.advanceWallClock(Duration.ofSeconds(130));

        Session session = harness.session(s.key());
        assertThat(session.getClosed()).isTrue();
        assertThat(session.getEndedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(session.getVersion()).isEqualTo(3);
    }

    @Test
    void eventAfterTheTimeoutReopensTheSessionAndExtendsIt() {
        TestEvents.Session s = device.session("s1", "autocad", "alice");
        harness.send(s.launch(T0));
        harness.advanceWallClock(Duration.ofMinutes(5));
        assertThat(harness.session(s.key()).getClosed()).isTrue();

        harness.send(s.heartbeat(T0.plusSeconds(60), 60, 0), T0.plusSeconds(310));

        assertThat(harness.session(s.key()).getClosed()).isFalse();
        assertThat(harness.session(s.key()).getEndedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void deniedAndUnrecognisedEventsOpenNoSessionAndGoNowhere() {
        harness.send(device.session("s1", "autocad", "alice").event(EventType.DENIED, T0, 0, 0, null));
        harness.send(device.session("s2", null, "alice").launch(T0));

        assertThat(harness.sessions()).isEmpty();
        assertThat(harness.minutes()).isEmpty();
        assertThat(harness.deadLetters()).isEmpty();
    }
}
