package io.metering.ingest.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import io.metering.schemas.Codecs;
import io.metering.schemas.InvalidMessageException;
import io.metering.schemas.Topics;
import io.metering.schemas.UsageEvent;

/** Stores raw events in {@code usage_event}, once per (tenant, device, seq). */
public final class UsageEventWriter implements SinkWriter {

    private static final Logger LOG = Logger.getLogger(UsageEventWriter.class);

    private static final String INSERT = """
            INSERT INTO usage_event (tenant_id, device_id, seq, occurred_at, event_id, type, session_id, product_id,
                executable, user_name, pid, process_started_at, active_seconds, idle_seconds, agent_version, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""";

    @Override
    public String topic() {
        return Topics.USAGE_EVENTS;
    }

    @Override
    public void write(Connection c, List<ConsumerRecord<String, byte[]>> records) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(INSERT)) {
            int rows = 0;
            for (ConsumerRecord<String, byte[]> record : records) {
                UsageEvent e;
                try {
                    e = Codecs.USAGE_EVENT.decode(record.value());
                } catch (InvalidMessageException ex) {
                    LOG.debugf("Skipping unreadable event at %s-%d@%d (the topology sends it to the DLQ)",
                            record.topic(), record.partition(), record.offset());
                    continue;
                }
                s.setString(1, e.getTenantId());
                s.setString(2, e.getDeviceId());
                s.setLong(3, e.getSeq());
                s.setTimestamp(4, Timestamp.from(e.getOccurredAt()));
                s.setObject(5, e.getEventId());
                s.setString(6, e.getType().name());
                s.setString(7, e.getSessionId());
                s.setString(8, e.getProductId());
                s.setString(9, e.getExecutable());
                s.setString(10, e.getUser());
                s.setLong(11, e.getPid());
                if (e.getProcessStartedAt() == null) {
                    s.setNull(12, Types.TIMESTAMP_WITH_TIMEZONE);
                } else {
                    s.setTimestamp(12, Timestamp.from(e.getProcessStartedAt()));
                }
                s.setInt(13, e.getActiveSeconds());
                s.setInt(14, e.getIdleSeconds());
                s.setString(15, e.getAgentVersion());
                s.setTimestamp(16, new Timestamp(record.timestamp()));
                s.addBatch();
                rows++;
            }
            if (rows > 0) {
                s.executeBatch();
            }
        }
    }
}
