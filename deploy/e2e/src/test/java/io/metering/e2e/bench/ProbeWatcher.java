package io.metering.e2e.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import io.metering.schemas.Codecs;
import io.metering.schemas.ConsumptionMinute;
import io.metering.schemas.InvalidMessageException;
import io.metering.schemas.Topics;

/**
 * Notes when each freshness probe's product first appears on {@code consumption.v1} as a committed
 * record (read_committed, as the minute sink reads it): the end of the topology's part of a probe's
 * way, so a slow probe can be told apart as slow in the topology or slow in the sink, the database or
 * the API. The product is read from the record's {@link ConsumptionMinute} value (the contract in
 * {@code schemas}), not from the topology's key format. Reads from the topic's end as of
 * {@link #start()}, on a thread of its own until {@link #close()}.
 */
final class ProbeWatcher implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Long> firstSeenNanos = new ConcurrentHashMap<>();
    private final String probePrefix;
    private final Thread thread;

    ProbeWatcher(String bootstrapServers, String probePrefix) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.probePrefix = probePrefix;
        this.thread = new Thread(this::run, "freshness-probe-watcher");
        this.thread.setDaemon(true);
    }

    ProbeWatcher start() {
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.CONSUMPTION).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolves the end now, before any probe is sent
        thread.start();
        return this;
    }

    /** When a committed consumption record of {@code product} was first read ({@link System#nanoTime()}). */
    OptionalLong firstSeen(String product) {
        Long at = firstSeenNanos.get(product);
        return at == null ? OptionalLong.empty() : OptionalLong.of(at);
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    if (record.value() == null) {
                        continue; // a tombstone: no minute, so no probe
                    }
                    String product;
                    try {
                        product = Codecs.CONSUMPTION_MINUTE.decode(record.value()).getProductId();
                    } catch (InvalidMessageException e) {
                        continue; // not a minute of a probe
                    }
                    if (product.startsWith(probePrefix)) {
                        firstSeenNanos.putIfAbsent(product, now);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }

    @Override
    public void close() {
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
