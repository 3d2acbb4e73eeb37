package io.metering.ingest.sink;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Writes one polled batch of a topic into the database inside the caller's transaction. Writes must
 * be idempotent: the same records may be written again after a crash or a rebalance.
 */
public interface SinkWriter {

    /** The topic this writer stores; it also names the sink's consumer group. */
    String topic();

    /** Every topic this writer stores, {@link #topic()} first. */
    default List<String> topics() {
        return List.of(topic());
    }

    /** Most records of its topics written in one transaction. */
    default int maxPollRecords(SinkSettings settings) {
        return settings.maxPollRecords();
    }

    /** Writes the records; unreadable ones are skipped and counted, never fail the batch. */
    void write(Connection connection, List<ConsumerRecord<String, byte[]>> records) throws SQLException;
}
