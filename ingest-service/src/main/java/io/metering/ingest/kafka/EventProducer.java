package io.metering.ingest.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.metering.ingest.error.ApiException;
import io.metering.schemas.Topics;
import io.metering.schemas.UsageEvent;

/**
 * Writes accepted events to {@link Topics#DEVICE_EVENTS} with an idempotent producer ({@code acks=all})
 * and returns only once Kafka has every one of them: one record per device of the request
 * ({@link DeviceRecords}, ADR 0811), key {@code tenant/device}, value the single-object encoded
 * {@link io.metering.schemas.DeviceEvents}, record time = the time of acceptance.
 * Thread-safe (KafkaProducer is).
 */
@ApplicationScoped
public class EventProducer {

    private final Producer<String, byte[]> producer;
    private final long timeoutMs;

    @Inject
    public EventProducer(KafkaSettings settings) {
        this(new KafkaProducer<>(config(settings), new StringSerializer(), new ByteArraySerializer()),
                settings.produceTimeoutMs());
    }

    EventProducer(Producer<String, byte[]> producer, long timeoutMs) {
        NativeLz4.load();
        this.producer = producer;
        this.timeoutMs = timeoutMs;
    }

    /** Sends all events and waits for Kafka's acknowledgement of each; 503 when Kafka does not answer in time. */
    public void sendAll(List<UsageEvent> events, long acceptedAtMillis) {
        List<DeviceRecords.DeviceRecord> records = DeviceRecords.of(events);
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        for (DeviceRecords.DeviceRecord record : records) {
            acks.add(producer.send(new ProducerRecord<>(Topics.DEVICE_EVENTS, null, acceptedAtMillis,
                    record.key(), record.value())));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException | ExecutionException e) {
            throw new ApiException.TryLater(503, "kafka_unavailable",
                    "The event log did not acknowledge the batch; nothing is lost if you retry it", 5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException.TryLater(503, "interrupted", "Shutting down; retry the batch", 5);
        }
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }

    static Properties config(KafkaSettings settings) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "ingest-events");
        return p;
    }
}
