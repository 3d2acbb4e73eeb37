package io.metering.ingest.topology;

import java.util.EnumMap;
import java.util.Map;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns a rejected input record, or one rejected event of it, into its DLQ record (original key,
 * value or the event, and headers plus the {@code reason} header) and counts it in {@link DlqCounters} and in the Streams metrics
 * {@code <reason>-total} / {@code <reason>-rate} of group {@code stream-metering-dlq-metrics}
 * (tag {@code metering-dlq-id} = task id).
 * <p>
 * Not thread-safe: one instance per stream task (the shared {@link DlqCounters} is thread-safe).
 */
final class DeadLetters {

    static final String METRICS_SCOPE = "metering-dlq";

    private final DlqCounters counters;
    private final StreamsMetrics metrics;
    private final Map<DlqReason, Sensor> sensors = new EnumMap<>(DlqReason.class);

    DeadLetters(DlqCounters counters, StreamsMetrics metrics, String taskId) {
        this.counters = counters;
        this.metrics = metrics;
        for (DlqReason reason : DlqReason.values()) {
            sensors.put(reason, metrics.addRateTotalSensor(METRICS_SCOPE, taskId, reason.header(),
                    Sensor.RecordingLevel.INFO));
        }
    }

    Record<byte[], Emission> letter(Record<byte[], byte[]> rejected, DlqReason reason) {
        return letter(rejected, rejected.value(), reason);
    }

    /** The DLQ record of one part of {@code source} (one event of a device's events), {@code value} as its value. */
    Record<byte[], Emission> letter(Record<byte[], byte[]> source, byte[] value, DlqReason reason) {
        counters.increment(reason);
        sensors.get(reason).record();
        RecordHeaders headers = new RecordHeaders(source.headers().toArray());
        headers.remove(DlqReason.HEADER);
        headers.add(DlqReason.HEADER, reason.headerBytes());
        return new Record<>(source.key(), new Emission(Emission.Kind.DEAD_LETTER, value), source.timestamp(), headers);
    }

    void close() {
        sensors.values().forEach(metrics::removeSensor);
        sensors.clear();
    }
}
