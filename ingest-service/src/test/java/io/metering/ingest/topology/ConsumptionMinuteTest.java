package io.metering.ingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.metering.schemas.ConsumptionMinute;

class ConsumptionMinuteTest {

    static final Instant T0 = Instant.parse("2026-11-02T09:15:00Z");

    final TopologyHarness harness = new TopologyHarness(T0);
    final TestEvents.Device laptop = TestEvents.device("acme", "dev-1");
    final TestEvents.Device desktop = TestEvents.device("acme", "dev-2");

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void launchesAndActiveSecondsCountInTheMinuteTheEventOccurred() {
        TestEvents.Session s = laptop.session("s1", "autocad", "alice");
        harness.send(s.launch(T0.plusSeconds(10)), s.heartbeat(T0.plusSeconds(70), 55, 5),
                s.exit(T0.plusSeconds(100), 20, 10));

        assertThat(values(harness.minute("acme", "autocad", T0))).containsExactly(1, 1, 1, 0L);
        assertThat(values(harness.minute("acme", "autocad", T0.plusSeconds(60)))).containsExactly(1, 1, 0, 75L);
        assertThat(values(harness.minute("acme", "autocad", T0.plusSeconds(120)))).containsExactly(0, 0, 0, 0L);
    }

    @Test
    void sessionEndingExactlyOnAMinuteBoundaryDoesNotCountInTheNextMinute() {
        TestEvents.Session s = laptop.session("s1", "autocad", "alice");
        harness.send(s.launch(T0.plusSeconds(30)), s.exit(T0.plusSeconds(60), 30, 0));

        assertThat(harness.minute("acme", "autocad", T0).getSessions()).isEqualTo(1);
        assertThat(harness.minute("acme", "autocad", T0.plusSeconds(60)).getSessions()).isZero();
    }

    @Test
    void sessionCrossingMidnightCountsInTheMinutesOnBothSidesOfTheDayBoundary() {
        Instant midnight = Instant.parse("2026-12-01T00:00:00Z");
        TestEvents.Session s = laptop.session("s1", "autocad", "alice");
        harness.send(s.launch(midnight.minusSeconds(90)), s.heartbeat(midnight.minusSeconds(30), 60, 0),
                s.exit(midnight.plusSeconds(75), 60, 45));

        assertThat(harness.minute("acme", "autocad", midnight.minusSeconds(180)).getSessions()).isZero();
        assertThat(harness.minute("acme", "autocad", midnight.minusSeconds(120)).getSessions()).isEqualTo(1);
        assertThat(harness.minute("acme", "autocad", midnight.minusSeconds(60)).getSessions()).isEqualTo(1);
        assertThat(harness.minute("acme", "autocad", midnight).getSessions()).isEqualTo(1);
        assertThat(harness.minute("acme", "autocad", midnight.plusSeconds(60)).getSessions()).isEqualTo(1);
        assertThat(harness.minute("acme", "autocad", midnight.plusSeconds(120)).getSessions()).isZero();
        assertThat(harness.minute("acme", "autocad", midnight.plusSeconds(60)).getActiveSeconds()).isEqualTo(60);
    }

    @Test
    void distinctUsersPerMinuteAreExactWithTwoSessionsOfTheSameUser() {
        TestEvents.Session first = laptop.session("s1", "autocad", "alice");
        TestEvents.Session second = desktop.session("s2", "autocad", "alice");
        TestEvents.Session third = desktop.session("s3", "autocad", "bob");
        harness.send(first.launch(T0), second.launch(T0.plusSeconds(5)), third.launch(T0.plusSeconds(10)));
        harness.send(first.exit(T0.plusSeconds(20), 20, 0), second.heartbeat(T0.plusSeconds(65), 60, 0),
                third.exit(T0.plusSeconds(30), 20, 0));

        assertThat(harness.minute("acme", "autocad", T0).getSessions()).isEqualTo(3);
        assertThat(harness.minute("acme", "autocad", T0).getUsers()).isEqualTo(2);
        assertThat(harness.minute("acme", "autocad", T0.plusSeconds(60)).getSessions()).isEqualTo(1);
        assertThat(harness.minute("acme", "autocad", T0.plusSeconds(60)).getUsers()).isEqualTo(1);
    }

    @Test
    void sessionsWithoutUserCountAsOneDeviceUserPerDevice() {
        harness.send(laptop.session("s1", "autocad", null).launch(T0),
                laptop.session("s2", "autocad", null).launch(T0.plusSeconds(1)),
                desktop.session("s3", "autocad", null).launch(T0.plusSeconds(2)),
                desktop.session("s4", "autocad", "alice").launch(T0.plusSeconds(3)));

        assertThat(harness.minute("acme", "autocad", T0).getSessions()).isEqualTo(4);
        assertThat(harness.minute("acme", "autocad", T0).getUsers()).isEqualTo(3);
    }

    @Test
    void zeroLengthLaunchOnlySessionCountsInTheMinuteOfItsLaunch() {
        TestEvents.Session s = laptop.session("s1", "autocad", "alice");
        harness.send(s.launch(T0.plusSeconds(59)));

        assertThat(harness.session(s.key()).getStartedAt()).isEqualTo(harness.session(s.key()).getEndedAt());
        assertThat(values(harness.minute("acme", "autocad", T0))).containsExactly(1, 1, 1, 0L);
        assertThat(harness.minute("acme", "autocad", T0.plusSeconds(60)).getSessions()).isZero();
    }

    @Test
    void productsAndTenantsAreCountedApart() {
        harness.send(laptop.session("s1", "autocad", "alice").launch(T0),
                laptop.session("s2", "revit", "alice").launch(T0),
                TestEvents.device("globex", "dev-1").session("s1", "autocad", "alice").launch(T0));

        assertThat(harness.minutes()).containsOnlyKeys("acme/autocad/" + T0.toEpochMilli(),
                "acme/revit/" + T0.toEpochMilli(), "globex/autocad/" + T0.toEpochMilli());
    }

    static Object[] values(ConsumptionMinute m) {
        return new Object[] {m.getSessions(), m.getUsers(), m.getLaunches(), m.getActiveSeconds()};
    }
}
