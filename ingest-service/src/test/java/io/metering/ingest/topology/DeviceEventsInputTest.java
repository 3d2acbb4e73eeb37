package io.metering.ingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.metering.schemas.Codecs;
import io.metering.schemas.UsageEvent;

/**
 * Records of {@code metering.device-events.v1}, a device's events of one request each (ADR 0811):
 * metered exactly as the same events one per record, repeats and rejections handled per event.
 */
class DeviceEventsInputTest {

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    final TestEvents.Device device = TestEvents.device("acme", "dev-1");

    @ParameterizedTest(name = "seed {0}, in-memory stores {1}, caching {2}, up to {3} events a record")
    @CsvSource({"11, true, true, 5", "12, true, false, 50", "13, false, true, 1000"})
    void aDevicesEventsInRecordsOfManyGiveTheSameSessionsAndMinutesAsTheReferenceModel(long seed, boolean inMemory,
                                                                                       boolean caching, int perRecord) {
        List<UsageEvent> events = new ArrayList<>(RandomScenario.generate(seed, 120));
        Collections.shuffle(events, new Random(seed));
        TopologyConfig d = TopologyConfig.defaults();
        TopologyConfig config = new TopologyConfig(d.lateHorizon(), d.futureTolerance(), d.sessionTimeout(),
                d.timeoutCheckInterval(), d.stateRetention(), d.purgeInterval(), inMemory, caching);

        try (TopologyHarness harness = new TopologyHarness(config, ReferenceModelTest.RECEIVED)) {
            int record = 0;
            for (List<UsageEvent> chunk : deviceRecords(events, perRecord)) {
                harness.sendDeviceEvents(ReferenceModelTest.RECEIVED.plusMillis(record++), chunk);
            }

            assertThat(ReferenceModelTest.sessionValues(harness)).isEqualTo(ReferenceModel.sessions(events));
            assertThat(ReferenceModelTest.minuteValues(harness)).isEqualTo(ReferenceModel.minutes(events));
            assertThat(harness.deadLetters()).isEmpty();
        }
    }

    @Test
    void bothEventTopicsFeedTheSameSessionsAndRepeatsAcrossThemCountOnce() {
        TestEvents.Session s = device.session("s1", "autocad", "alice");
        UsageEvent launch = s.launch(NOW);
        UsageEvent heartbeat = s.heartbeat(NOW.plusSeconds(60), 45, 15);
        UsageEvent exit = s.exit(NOW.plusSeconds(120), 30, 0);

        try (TopologyHarness harness = new TopologyHarness(NOW)) {
            harness.sendDeviceEvents(NOW.plusSeconds(130), List.of(heartbeat, launch, heartbeat));
            harness.send(exit, NOW.plusSeconds(131)).send(launch, NOW.plusSeconds(132));
            harness.sendDeviceEvents(NOW.plusSeconds(133), List.of(exit, heartbeat));

            assertThat(harness.session(s.key()).getEvents()).isEqualTo(3);
            assertThat(harness.session(s.key()).getActiveSeconds()).isEqualTo(75);
            assertThat(harness.session(s.key()).getEndedAt()).isEqualTo(NOW.plusSeconds(120));
            assertThat(harness.minute("acme", "autocad", NOW).getLaunches()).isEqualTo(1);
            assertThat(harness.minute("acme", "autocad", NOW.plusSeconds(60)).getActiveSeconds()).isEqualTo(45);
            assertThat(harness.sessionRecordCount()).as("a record whose events all repeat emits nothing").isEqualTo(2);
        }
    }

    @Test
    void aRejectedEventOfARecordGoesToTheDlqAloneWhileTheOthersOfTheRecordAreMetered() {
        TestEvents.Session s = device.session("s1", "autocad", "alice");
        UsageEvent tooLate = device.session("old", "autocad", "alice").launch(NOW.minus(Duration.ofDays(32)));
        UsageEvent future = s.heartbeat(NOW.plusSeconds(301), 0, 0);

        try (TopologyHarness harness = new TopologyHarness(NOW)) {
            harness.sendDeviceEvents(NOW, List.of(s.launch(NOW.minusSeconds(60)), tooLate, future,
                    s.heartbeat(NOW, 50, 10)));

            List<TestRecord<byte[], byte[]>> letters = harness.deadLetters();
            assertThat(letters).extracting(TopologyHarness::reason).containsExactly("too_late", "future");
            assertThat(letters).extracting(l -> Codecs.USAGE_EVENT.decode(l.value())).containsExactly(tooLate, future);
            assertThat(letters).extracting(l -> new String(l.key(), StandardCharsets.UTF_8))
                    .containsOnly("acme/dev-1");
            assertThat(harness.session(s.key()).getEvents()).isEqualTo(2);
            assertThat(harness.session(s.key()).getActiveSeconds()).isEqualTo(50);
        }
    }

    @Test
    void anEventOfAnotherDeviceInsideADevicesRecordIsInvalid() {
        UsageEvent foreign = TestEvents.device("acme", "dev-2").session("s1", "autocad", "bob").launch(NOW);
        UsageEvent own = device.session("s1", "autocad", "alice").launch(NOW);

        try (TopologyHarness harness = new TopologyHarness(NOW)) {
            harness.sendDeviceEventsRaw("acme/dev-1", Codecs.DEVICE_EVENTS.encode(io.metering.schemas.DeviceEvents
                    .newBuilder().setTenantId("acme").setDeviceId("dev-1").setEvents(List.of(foreign, own)).build()), NOW);

            assertThat(harness.deadLetters()).extracting(TopologyHarness::reason).containsExactly("invalid");
            assertThat(harness.sessions()).containsOnlyKeys("acme/dev-1/s1");
            assertThat(harness.dlqCounters.count(DlqReason.INVALID)).isEqualTo(1);
        }
    }

    @Test
    void anUnparseableRecordOfDeviceEventsGoesToTheDlqWhole() {
        byte[] single = Codecs.USAGE_EVENT.encode(device.session("s1", "autocad", "alice").launch(NOW));

        try (TopologyHarness harness = new TopologyHarness(NOW)) {
            harness.sendDeviceEventsRaw("acme/dev-1", single, NOW); // a single event on the wrong topic

            TestRecord<byte[], byte[]> letter = harness.deadLetters().get(0);
            assertThat(TopologyHarness.reason(letter)).isEqualTo("unparseable");
            assertThat(letter.value()).isEqualTo(single);
            assertThat(harness.sessions()).isEmpty();
        }
    }

    @Test
    void aSessionsLongBacklogInOneRecordIsMeteredInFull() {
        TestEvents.Session s = device.session("s1", "autocad", "alice");
        Instant start = NOW.minus(Duration.ofDays(2));
        List<UsageEvent> backlog = new ArrayList<>();
        backlog.add(s.launch(start));
        for (int minute = 1; minute <= 2_000; minute++) {
            backlog.add(s.heartbeat(start.plusSeconds(60L * minute), 40, 20));
        }
        Collections.shuffle(backlog, new Random(5));

        try (TopologyHarness harness = new TopologyHarness(NOW)) {
            harness.sendDeviceEvents(NOW, backlog);

            assertThat(harness.session(s.key()).getEvents()).isEqualTo(2_001);
            long active = harness.minutes().values().stream().mapToLong(m -> m.getActiveSeconds()).sum();
            assertThat(active).isEqualTo(40L * 2_000);
            assertThat(harness.minute("acme", "autocad", start.plusSeconds(60 * 1_000)).getSessions()).isEqualTo(1);
        }
    }

    /** Each device's events in the given order, cut into records of at most {@code perRecord}, records shuffled. */
    static List<List<UsageEvent>> deviceRecords(List<UsageEvent> events, int perRecord) {
        Map<String, List<UsageEvent>> byDevice = new LinkedHashMap<>();
        events.forEach(e -> byDevice.computeIfAbsent(e.getTenantId() + "/" + e.getDeviceId(), k -> new ArrayList<>()).add(e));
        List<List<UsageEvent>> records = new ArrayList<>();
        for (List<UsageEvent> deviceEvents : byDevice.values()) {
            for (int i = 0; i < deviceEvents.size(); i += perRecord) {
                records.add(deviceEvents.subList(i, Math.min(deviceEvents.size(), i + perRecord)));
            }
        }
        Collections.shuffle(records, new Random(perRecord));
        return records;
    }
}
