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
import io.metering.schemas.InvalidMessageException;
import io.metering.schemas.Session;
import io.metering.schemas.Topics;

/** Upserts sessions into {@code usage_session}, keeping the highest version of each. */
public final class SessionWriter implements SinkWriter {

    private static final Logger LOG = Logger.getLogger(SessionWriter.class);

    private static final String UPSERT = """
            INSERT INTO usage_session AS s (tenant_id, device_id, session_id, product_id, user_name, executable,
                started_at, ended_at, closed, launches, active_seconds, idle_seconds, events, version)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, device_id, session_id) DO UPDATE SET
                product_id = EXCLUDED.product_id, user_name = EXCLUDED.user_name, executable = EXCLUDED.executable,
                started_at = EXCLUDED.started_at, ended_at = EXCLUDED.ended_at, closed = EXCLUDED.closed,
                launches = EXCLUDED.launches, active_seconds = EXCLUDED.active_seconds,
                idle_seconds = EXCLUDED.idle_seconds, events = EXCLUDED.events, version = EXCLUDED.version
            WHERE s.version < EXCLUDED.version""";

    @Override
    public String topic() {
        return Topics.SESSIONS;
    }

    @Override
    public void write(Connection c, List<ConsumerRecord<String, byte[]>> records) throws SQLException {
        Map<String, Session> newest = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                Session session = Codecs.SESSION.decode(record.value());
                newest.merge(record.key(), session, (a, b) -> a.getVersion() >= b.getVersion() ? a : b);
            } catch (InvalidMessageException | NullPointerException e) {
                LOG.warnf("Skipping unreadable session at %s-%d@%d", record.topic(), record.partition(), record.offset());
            }
        }
        if (newest.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(UPSERT)) {
            for (Session x : newest.values()) {
                s.setString(1, x.getTenantId());
                s.setString(2, x.getDeviceId());
                s.setString(3, x.getSessionId());
                s.setString(4, x.getProductId());
                s.setString(5, x.getUser());
                s.setString(6, x.getExecutable());
                s.setTimestamp(7, Timestamp.from(x.getStartedAt()));
                s.setTimestamp(8, Timestamp.from(x.getEndedAt()));
                s.setBoolean(9, x.getClosed());
                s.setInt(10, x.getLaunches());
                s.setLong(11, x.getActiveSeconds());
                s.setLong(12, x.getIdleSeconds());
                s.setInt(13, x.getEvents());
                s.setLong(14, x.getVersion());
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
