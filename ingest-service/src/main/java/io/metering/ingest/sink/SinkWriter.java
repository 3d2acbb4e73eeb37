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

    /** The topic this writer stores. */
    String topic();

    /** Writes the records; unreadable ones are skipped and counted, never fail the batch. */
    void write(Connection connection, List<ConsumerRecord<String, byte[]>> records) throws SQLException;
}
