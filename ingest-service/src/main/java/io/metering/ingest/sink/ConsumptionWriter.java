package io.metering.ingest.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import io.metering.schemas.Codecs;
import io.metering.schemas.ConsumptionMinute;
import io.metering.schemas.InvalidMessageException;
import io.metering.schemas.Topics;

/** Upserts per-minute consumption into {@code consumption_minute}: the latest value of a minute wins. */
public final class ConsumptionWriter implements SinkWriter {

    private static final Logger LOG = Logger.getLogger(ConsumptionWriter.class);

    private static final String UPSERT = """
            INSERT INTO consumption_minute (tenant_id, product_id, minute, sessions, users, launches, active_seconds)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, product_id, minute) DO UPDATE SET
                sessions = EXCLUDED.sessions, users = EXCLUDED.users, launches = EXCLUDED.launches,
                active_seconds = EXCLUDED.active_seconds""";

    @Override
    public String topic() {
        return Topics.CONSUMPTION;
    }

    @Override
    public void write(Connection c, List<ConsumerRecord<String, byte[]>> records) throws SQLException {
        Map<String, ConsumptionMinute> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                latest.put(record.key(), Codecs.CONSUMPTION_MINUTE.decode(record.value()));
            } catch (InvalidMessageException | NullPointerException e) {
                LOG.warnf("Skipping unreadable consumption at %s-%d@%d", record.topic(), record.partition(), record.offset());
            }
        }
        if (latest.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(UPSERT)) {
            for (ConsumptionMinute m : latest.values()) {
                s.setString(1, m.getTenantId());
                s.setString(2, m.getProductId());
                s.setTimestamp(3, Timestamp.from(m.getMinute()));
                s.setInt(4, m.getSessions());
                s.setInt(5, m.getUsers());
                s.setInt(6, m.getLaunches());
                s.setLong(7, m.getActiveSeconds());
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
