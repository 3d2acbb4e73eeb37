package io.metering.ingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.metering.schemas.Session;
import io.metering.schemas.UsageEvent;

class OutputCoalescingTest {

    static final Instant T0 = Instant.parse("2026-11-02T09:15:00Z");

    final TopologyHarness harness = new TopologyHarness(T0);
    final TestEvents.Device device = TestEvents.device("acme", "dev-1");

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void nothingIsEmittedBeforeTheEmitIntervalPasses() {
        TestEvents.Session s = device.session("s1", "autocad", "alice");
        harness.sendWithoutEmitting(s.launch(T0), s.heartbeat(T0.plusSeconds(60), 60, 0));

        assertThat(harness.sessionRecordCount()).isZero();
        assertThat(harness.minuteRecordCount()).isZero();
    }

    @Test
    void manyEventsOfOneSessionInOneIntervalGiveOneSessionRecordWithTheLatestState() {
        TestEvents.Session s = device.session("s1", "autocad", "alice");
        harness.sendWithoutEmitting(s.launch(T0), s.heartbeat(T0.plusSeconds(60), 50, 10),
                s.heartbeat(T0.plusSeconds(120), 60, 0), s.exit(T0.plusSeconds(150), 20, 10));

        harness.emitPending();

        assertThat(harness.sessionRecordCount()).isEqualTo(1);
        Session session = harness.session(s.key());
        assertThat(session.getVersion()).isEqualTo(4);
        assertThat(session.getClosed()).isTrue();
        assertThat(session.getEvents()).isEqualTo(4);
        assertThat(session.getActiveSeconds()).isEqualTo(130);
        assertThat(session.getEndedAt()).isEqualTo(T0.plusSeconds(150));
    }

    @Test
    void eachChangedMinuteIsEmittedOncePerIntervalWithItsFinalTotals() {
        TestEvents.Session alice = device.session("s1", "autocad", "alice");
        TestEvents.Session bob = TestEvents.device("acme", "dev-2").session("s2", "autocad", "bob");
        harness.sendWithoutEmitting(alice.launch(T0), bob.launch(T0.plusSeconds(5)),
                alice.heartbeat(T0.plusSeconds(30), 30, 0), bob.heartbeat(T0.plusSeconds(40), 35, 0),
                alice.heartbeat(T0.plusSeconds(70), 40, 0));

        harness.emitPending();

        assertThat(harness.minuteRecordCount()).isEqualTo(2);
        assertThat(harness.minute("acme", "autocad", T0).getSessions()).isEqualTo(2);
        assertThat(harness.minute("acme", "autocad", T0).getUsers()).isEqualTo(2);
        assertThat(harness.minute("acme", "autocad", T0).getLaunches()).isEqualTo(2);
        assertThat(harness.minute("acme", "autocad", T0).getActiveSeconds()).isEqualTo(65);
        assertThat(harness.minute("acme", "autocad", T0.plusSeconds(60)).getSessions()).isEqualTo(1);
        assertThat(harness.minute("acme", "autocad", T0.plusSeconds(60)).getActiveSeconds()).isEqualTo(40);
    }

    @Test
    void aMinuteChangedAgainInALaterIntervalIsEmittedAgain() {
        TestEvents.Session s = device.session("s1", "autocad", "alice");
        harness.sendWithoutEmitting(s.launch(T0)).emitPending();
        harness.sendWithoutEmitting(s.heartbeat(T0.plusSeconds(30), 30, 0)).emitPending();

        assertThat(harness.minuteRecordCount()).isEqualTo(2);
        assertThat(harness.minute("acme", "autocad", T0).getActiveSeconds()).isEqualTo(30);
        assertThat(harness.sessionRecordCount()).isEqualTo(2);
    }

    @Test
    void minutesThatAreNotLiveWaitForTheBackfillIntervalAndAreEmittedOnceWithTheirFinalTotals() {
        try (TopologyHarness replay = TopologyHarness.withBackfillEmitInterval(Duration.ofSeconds(2), T0)) {
            Instant yesterday = T0.minus(Duration.ofDays(1));
            TestEvents.Session old = device.session("old", "autocad", "alice");
            TestEvents.Session live = device.session("live", "autocad", "alice");
            replay.send(old.launch(yesterday), T0);
            replay.send(old.heartbeat(yesterday.plusSeconds(30), 30, 0), T0);
            replay.send(live.launch(T0), T0.plusSeconds(1));

            assertThat(replay.minutes()).as("the live minute is out, yesterday's waits")
                    .containsOnlyKeys("acme/autocad/" + T0.toEpochMilli());

            replay.advanceWallClock(Duration.ofSeconds(2));

            assertThat(replay.minute("acme", "autocad", yesterday).getActiveSeconds()).isEqualTo(30);
            assertThat(replay.minuteRecordCount()).as("one record for each minute").isEqualTo(2);
        }
    }

    @Test
    void minutesThatAreNotLiveAreEmittedWithoutWaitingOnceNoDeltasCameForTwoIntervals() {
        try (TopologyHarness replay = TopologyHarness.withBackfillEmitInterval(Duration.ofSeconds(2), T0)) {
            Instant yesterday = T0.minus(Duration.ofDays(1));
            TestEvents.Session old = device.session("old", "autocad", "alice");
            replay.send(old.launch(yesterday), T0);
            replay.send(old.heartbeat(yesterday.plusSeconds(30), 30, 0), T0);
            assertThat(replay.minutes()).as("still coalescing").isEmpty();

            replay.advanceWallClock(TopologyHarness.EMIT_INTERVAL).advanceWallClock(TopologyHarness.EMIT_INTERVAL);

            assertThat(replay.minute("acme", "autocad", yesterday).getActiveSeconds()).isEqualTo(30);
            assertThat(replay.minuteRecordCount()).isEqualTo(1);
        }
    }

    @Test
    void aSessionWithALongBacklogInOneIntervalSendsItsDeltasEarlyInsteadOfGrowingItsState() {
        TestEvents.Session s = device.session("s1", "autocad", "alice");
        UsageEvent[] backlog = new UsageEvent[1000];
        backlog[0] = s.launch(T0);
        for (int m = 1; m < backlog.length; m++) {
            backlog[m] = s.heartbeat(T0.plusSeconds(60L * m), 30, 30);
        }
        harness.sendWithoutEmitting(backlog);

        KeyValueStore<String, byte[]> sessions = harness.driver().getKeyValueStore(StoreNames.SESSIONS);
        SessionState state = SessionStateCodec.decode(sessions.get(s.key()));
        assertThat(state.unemitted().byteSize()).as("bounded, not 1000 events' worth").isLessThan(9 * 1024);
        assertThat(state.emitted()).as("sent early").isNotNull();

        harness.emitPending();

        assertThat(harness.minutes()).hasSize(1000);
        assertThat(harness.minute("acme", "autocad", T0.plusSeconds(60 * 500)).getActiveSeconds()).isEqualTo(30);
        assertThat(harness.minute("acme", "autocad", T0.plusSeconds(60 * 998)).getSessions()).isEqualTo(1);
        assertThat(harness.minute("acme", "autocad", T0.plusSeconds(60 * 999)).getSessions())
                .as("the session ends at its last heartbeat").isZero();
        assertThat(harness.minute("acme", "autocad", T0).getLaunches()).isEqualTo(1);
    }
}
