package io.metering.ingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.metering.schemas.Codecs;
import io.metering.schemas.UsageEvent;

class DeadLetterTest {

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    final TopologyHarness harness = new TopologyHarness(NOW);
    final TestEvents.Device device = TestEvents.device("acme", "dev-1");

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void eventThirtyDaysLateStillUpdatesItsSessionAndMinute() {
        Instant longAgo = NOW.minus(Duration.ofDays(30));
        harness.send(device.session("today", "autocad", "bob").launch(NOW));
        TestEvents.Session s = device.session("offline", "autocad", "alice");

        harness.send(s.launch(longAgo), NOW.plusSeconds(1)).send(s.exit(longAgo.plusSeconds(30), 30, 0), NOW.plusSeconds(2));

        assertThat(harness.deadLetters()).isEmpty();
        assertThat(harness.session(s.key()).getEndedAt()).isEqualTo(longAgo.plusSeconds(30));
        assertThat(harness.minute("acme", "autocad", longAgo).getSessions()).isEqualTo(1);
        assertThat(harness.minute("acme", "autocad", longAgo).getActiveSeconds()).isEqualTo(30);
    }

    @Test
    void eventThirtyTwoDaysLateGoesToTheDlqAsTooLate() {
        UsageEvent tooLate = device.session("s1", "autocad", "alice").launch(NOW.minus(Duration.ofDays(32)));

        harness.send(tooLate, NOW);

        assertThat(reasons()).containsExactly("too_late");
        assertThat(harness.sessions()).isEmpty();
        assertThat(harness.minutes()).isEmpty();
        assertThat(harness.dlqCounters.count(DlqReason.TOO_LATE)).isEqualTo(1);
    }

    @Test
    void eventFromTheFutureGoesToTheDlqAsFuture() {
        TestEvents.Session s = device.session("s1", "autocad", "alice");
        harness.send(s.launch(NOW.plusSeconds(299)), NOW).send(s.heartbeat(NOW.plusSeconds(301), 0, 0), NOW);

        assertThat(reasons()).containsExactly("future");
        assertThat(harness.session(s.key()).getEvents()).isEqualTo(1);
        assertThat(harness.dlqCounters.count(DlqReason.FUTURE)).isEqualTo(1);
    }

    @Test
    void unparseableBytesGoToTheDlqWithTheOriginalKeyValueAndHeaders() {
        byte[] garbage = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);
        harness.sendRaw(new TestRecord<>("acme/dev-1", garbage, new RecordHeaders().add("trace", new byte[] {7}), NOW));

        TestRecord<byte[], byte[]> letter = harness.deadLetters().get(0);
        assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("acme/dev-1");
        assertThat(letter.value()).isEqualTo(garbage);
        assertThat(TopologyHarness.reason(letter)).isEqualTo("unparseable");
        assertThat(letter.headers().lastHeader("trace").value()).containsExactly(7);
        assertThat(harness.dlqCounters.count(DlqReason.UNPARSEABLE)).isEqualTo(1);
    }

    @Test
    void invalidEventsGoToTheDlqAsInvalid() {
        TestEvents.Session s = device.session("s1", "autocad", "alice");
        UsageEvent negative = s.heartbeat(NOW, -5, 0);
        UsageEvent blankSession = device.session(" ", "autocad", "alice").launch(NOW);
        UsageEvent otherDevicesKey = s.launch(NOW);

        harness.send(negative, blankSession);
        harness.sendRaw("acme/dev-2", Codecs.USAGE_EVENT.encode(otherDevicesKey), NOW);

        assertThat(reasons()).containsExactly("invalid", "invalid", "invalid");
        assertThat(harness.sessions()).isEmpty();
        assertThat(harness.dlqCounters.count(DlqReason.INVALID)).isEqualTo(3);
    }

    @Test
    void dlqCountsAreAlsoStreamsMetrics() {
        harness.sendRaw("acme/dev-1", new byte[] {1, 2, 3}, NOW);

        assertThat(harness.driver().metrics().entrySet())
                .anySatisfy(e -> {
                    assertThat(e.getKey().group()).isEqualTo("stream-metering-dlq-metrics");
                    assertThat(e.getKey().name()).isEqualTo("unparseable-total");
                    assertThat(e.getValue().metricValue()).isEqualTo(1.0);
                });
    }

    private java.util.List<String> reasons() {
        return harness.deadLetters().stream().map(TopologyHarness::reason).toList();
    }
}
