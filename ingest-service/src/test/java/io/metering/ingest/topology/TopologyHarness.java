package io.metering.ingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import io.metering.schemas.Codecs;
import io.metering.schemas.ConsumptionMinute;
import io.metering.schemas.DeviceEvents;
import io.metering.schemas.Session;
import io.metering.schemas.Topics;
import io.metering.schemas.UsageEvent;

/**
 * The metering topology in a {@link TopologyTestDriver}: pipes events, keeps the latest value per
 * output key like the sinks do, and checks on the way that session versions strictly increase.
 * <p>
 * Sessions and minutes are emitted by a wall-clock punctuator (ADR 0801), so the harness runs the
 * topology with an emit interval of {@link #EMIT_INTERVAL} and advances the wall clock by it after
 * every piped record: each record's output is out before the next record, as without coalescing.
 */
final class TopologyHarness implements AutoCloseable {

    static final TopologyConfig IN_MEMORY = TopologyConfig.defaults().withInMemoryStores(true);
    static final Duration EMIT_INTERVAL = Duration.ofMillis(1);

    final DlqCounters dlqCounters = new DlqCounters();
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> input;
    private final TestInputTopic<String, byte[]> deviceEventsInput;
    private final TestOutputTopic<String, byte[]> sessionsOut;
    private final TestOutputTopic<String, byte[]> consumptionOut;
    private final TestOutputTopic<byte[], byte[]> dlqOut;
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, ConsumptionMinute> minutes = new HashMap<>();
    private final List<TestRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
    private int sessionRecords;
    private int minuteRecords;

    /** The topology with {@code config}, emitting live and backfill minutes every {@link #EMIT_INTERVAL}. */
    TopologyHarness(TopologyConfig config, Instant wallClock) {
        this(wallClock, config.withEmitInterval(EMIT_INTERVAL).withBackfillEmitInterval(EMIT_INTERVAL));
    }

    /** In-memory stores, live minutes every {@link #EMIT_INTERVAL}, the others every {@code backfill}. */
    static TopologyHarness withBackfillEmitInterval(Duration backfill, Instant wallClock) {
        return new TopologyHarness(wallClock, IN_MEMORY.withEmitInterval(EMIT_INTERVAL).withBackfillEmitInterval(backfill));
    }

    private TopologyHarness(Instant wallClock, TopologyConfig config) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "metering-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/metering-topology-test");
        driver = new TopologyTestDriver(MeteringTopology.build(config, dlqCounters),
                props, wallClock);
        input = driver.createInputTopic(Topics.USAGE_EVENTS, new StringSerializer(), new ByteArraySerializer());
        deviceEventsInput = driver.createInputTopic(Topics.DEVICE_EVENTS, new StringSerializer(), new ByteArraySerializer());
        sessionsOut = driver.createOutputTopic(Topics.SESSIONS, new StringDeserializer(), new ByteArrayDeserializer());
        consumptionOut = driver.createOutputTopic(Topics.CONSUMPTION, new StringDeserializer(), new ByteArrayDeserializer());
        dlqOut = driver.createOutputTopic(Topics.USAGE_EVENTS_DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    TopologyHarness(Instant wallClock) {
        this(IN_MEMORY, wallClock);
    }

    /** Sends the event as received one second after it occurred. */
    TopologyHarness send(UsageEvent... events) {
        for (UsageEvent event : events) {
            send(event, event.getOccurredAt().plusSeconds(1));
        }
        return this;
    }

    TopologyHarness send(UsageEvent event, Instant receivedAt) {
        return sendRaw(event.getTenantId() + "/" + event.getDeviceId(), Codecs.USAGE_EVENT.encode(event), receivedAt);
    }

    /**
     * Sends {@code events} (all of one tenant and device) as one record of the device-events topic,
     * as ingest-service writes them (ADR 0811), received at {@code receivedAt}.
     */
    TopologyHarness sendDeviceEvents(Instant receivedAt, List<UsageEvent> events) {
        UsageEvent first = events.get(0);
        return sendDeviceEventsRaw(first.getTenantId() + "/" + first.getDeviceId(),
                Codecs.DEVICE_EVENTS.encode(DeviceEvents.newBuilder().setTenantId(first.getTenantId())
                        .setDeviceId(first.getDeviceId()).setEvents(events).build()), receivedAt);
    }

    TopologyHarness sendDeviceEventsRaw(String key, byte[] value, Instant receivedAt) {
        deviceEventsInput.pipeInput(key, value, receivedAt);
        return emitPending();
    }

    TopologyHarness sendRaw(String key, byte[] value, Instant receivedAt) {
        input.pipeInput(key, value, receivedAt);
        return emitPending();
    }

    TopologyHarness sendRaw(TestRecord<String, byte[]> record) {
        input.pipeInput(record);
        return emitPending();
    }

    /** Pipes records without emitting in between: their output is coalesced until {@link #emitPending()}. */
    TopologyHarness sendWithoutEmitting(UsageEvent... events) {
        for (UsageEvent event : events) {
            input.pipeInput(event.getTenantId() + "/" + event.getDeviceId(), Codecs.USAGE_EVENT.encode(event),
                    event.getOccurredAt().plusSeconds(1));
        }
        return this;
    }

    /**
     * Lets the emit punctuators run twice: sessionization's emission sends the minute deltas
     * (ADR 0808), which the aggregator applies after its own punctuator ran, so its emission of
     * the minutes they changed takes a second round.
     */
    TopologyHarness emitPending() {
        driver.advanceWallClockTime(EMIT_INTERVAL);
        driver.advanceWallClockTime(EMIT_INTERVAL);
        return this;
    }

    TopologyHarness advanceWallClock(Duration duration) {
        driver.advanceWallClockTime(duration);
        return this;
    }

    /** The latest session per key, as the session sink keeps it. */
    Map<String, Session> sessions() {
        for (TestRecord<String, byte[]> record : sessionsOut.readRecordsToList()) {
            Session session = Codecs.SESSION.decode(record.value());
            Session previous = sessions.get(record.key());
            if (previous != null) {
                assertThat(session.getVersion()).as("version of %s", record.key()).isGreaterThan(previous.getVersion());
            }
            assertThat(record.key()).isEqualTo(session.getTenantId() + "/" + session.getDeviceId() + "/" + session.getSessionId());
            sessions.put(record.key(), session);
            sessionRecords++;
        }
        return sessions;
    }

    Session session(String key) {
        assertThat(sessions()).containsKey(key);
        return sessions.get(key);
    }

    /** Records read from the consumption topic so far. */
    int minuteRecordCount() {
        minutes();
        return minuteRecords;
    }

    int sessionRecordCount() {
        sessions();
        return sessionRecords;
    }

    /** The latest value per consumption key, as the consumption sink keeps it. */
    Map<String, ConsumptionMinute> minutes() {
        for (TestRecord<String, byte[]> record : consumptionOut.readRecordsToList()) {
            ConsumptionMinute minute = Codecs.CONSUMPTION_MINUTE.decode(record.value());
            assertThat(record.key()).isEqualTo(minute.getTenantId() + "/" + minute.getProductId() + "/"
                    + minute.getMinute().toEpochMilli());
            minutes.put(record.key(), minute);
            minuteRecords++;
        }
        return minutes;
    }

    /** The minute's latest value, or all zeros if it never had one. */
    ConsumptionMinute minute(String tenant, String product, Instant minute) {
        ConsumptionMinute value = minutes().get(tenant + "/" + product + "/" + minute.toEpochMilli());
        return value != null ? value : ConsumptionMinute.newBuilder().setTenantId(tenant).setProductId(product)
                .setMinute(minute).setSessions(0).setUsers(0).setLaunches(0).setActiveSeconds(0).build();
    }

    List<TestRecord<byte[], byte[]>> deadLetters() {
        deadLetters.addAll(dlqOut.readRecordsToList());
        return deadLetters;
    }

    static String reason(TestRecord<byte[], byte[]> deadLetter) {
        Header header = deadLetter.headers().lastHeader(DlqReason.HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    TopologyTestDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.close();
    }
}
