package io.metering.ingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatePurgeTest {

    static final Instant T0 = Instant.parse("2026-10-01T10:00:00Z");
    static final Instant LATER = T0.plus(Duration.ofDays(33)).plus(Duration.ofMinutes(25)); // not on an hour

    final TopologyHarness harness = new TopologyHarness(LATER);
    final TestEvents.Device device = TestEvents.device("acme", "dev-1");

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void stateOlderThanTheRetentionIsDroppedByThePurgePunctuators() {
        TestEvents.Session old = device.session("old", "autocad", "alice");
        TestEvents.Session recent = device.session("recent", "autocad", "alice");
        harness.send(old.launch(T0), old.exit(T0.plusSeconds(30), 30, 0));
        harness.send(recent.launch(LATER));

        harness.advanceWallClock(Duration.ofHours(1));

        KeyValueStore<String, byte[]> sessions = harness.driver().getKeyValueStore(StoreNames.SESSIONS);
        assertThat(sessions.get(old.key())).isNull();
        assertThat(sessions.get(recent.key())).isNotNull();
        assertThat(minutesIn(harness.driver().getKeyValueStore(StoreNames.MINUTES))).as("minutes")
                .containsExactly(Minutes.floor(LATER.toEpochMilli()));
        assertThat(minutesIn(harness.driver().getKeyValueStore(StoreNames.USERS))).as("user hours")
                .containsExactly(Minutes.hourFloor(LATER.toEpochMilli()));
    }

    @Test
    void seqBlocksWhoseEventsAreAllOlderThanTheRetentionAreDropped() {
        TestEvents.Session offline = TestEvents.device("acme", "dev-offline").session("old", "autocad", "bob");
        harness.send(offline.launch(T0));
        harness.send(device.session("recent", "autocad", "alice").launch(LATER));
        KeyValueStore<Bytes, byte[]> blocks = harness.driver().getKeyValueStore(StoreNames.DEDUPE);
        assertThat(count(blocks)).isEqualTo(2);

        harness.advanceWallClock(Duration.ofHours(1));

        assertThat(count(blocks)).as("only the recent device's block is left").isEqualTo(1);
    }

    @Test
    void aMinuteDeltaOfTheOlderFormatIsSkippedAndTheTopologyKeepsCounting() {
        var repartition = harness.driver().createInputTopic("metering-topology-test-"
                + StoreNames.DELTAS_REPARTITION + "-repartition", new StringSerializer(),
                new ByteArraySerializer());
        repartition.pipeInput("acme/autocad/0", new byte[] {1, 1, 0, 0, 0, 0, 0, 0, 0, 0}, LATER);

        harness.send(device.session("after", "autocad", "alice").launch(LATER));

        assertThat(harness.minute("acme", "autocad", LATER).getLaunches()).isEqualTo(1);
    }

    private static int count(KeyValueStore<Bytes, byte[]> store) {
        int n = 0;
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    @Test
    void minuteDeltasOlderThanTheRetentionAreIgnored() {
        TestEvents.Session s = device.session("s1", "autocad", "alice");
        harness.send(device.session("recent", "autocad", "bob").launch(LATER));
        Instant wayBack = LATER.minus(Duration.ofDays(40));

        harness.send(s.heartbeat(LATER.minus(Duration.ofDays(20)), 60, 0, wayBack), LATER.plusSeconds(2));

        assertThat(harness.session(s.key()).getStartedAt()).isEqualTo(wayBack);
        assertThat(harness.minutes()).doesNotContainKey("acme/autocad/" + wayBack.toEpochMilli());
        assertThat(harness.minute("acme", "autocad", LATER.minus(Duration.ofDays(25))).getSessions()).isEqualTo(1);
    }

    private static List<Long> minutesIn(KeyValueStore<Bytes, byte[]> store) {
        List<Long> minutes = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> entry = it.next();
                minutes.add(BinaryReader.longAt(entry.key.get(), 0));
            }
        }
        return minutes.stream().distinct().toList();
    }
}
