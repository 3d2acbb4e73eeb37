package io.metering.ingest.sink;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import io.metering.ingest.events.UtcTimes;
import io.metering.schemas.Codecs;
import io.metering.schemas.InvalidMessageException;
import io.metering.schemas.Session;
import io.metering.schemas.Topics;

/**
 * Upserts sessions into {@code usage_session}, keeping the highest version of each. A batch is COPYed
 * into a staging table and upserted with one statement (ADR 0802).
 */
public final class SessionWriter implements SinkWriter {

    private static final Logger LOG = Logger.getLogger(SessionWriter.class);

    private static final String COLUMNS = "tenant_id, device_id, session_id, product_id, user_name, executable,"
            + " started_at, ended_at, closed, launches, active_seconds, idle_seconds, events, version";
    private static final CopyStage STAGE = new CopyStage("usage_session_stage", "usage_session", COLUMNS, """
            INSERT INTO usage_session AS s (%1$s) SELECT %1$s FROM usage_session_stage
            ON CONFLICT (tenant_id, device_id, session_id) DO UPDATE SET
                product_id = EXCLUDED.product_id, user_name = EXCLUDED.user_name, executable = EXCLUDED.executable,
                started_at = EXCLUDED.started_at, ended_at = EXCLUDED.ended_at, closed = EXCLUDED.closed,
                launches = EXCLUDED.launches, active_seconds = EXCLUDED.active_seconds,
                idle_seconds = EXCLUDED.idle_seconds, events = EXCLUDED.events, version = EXCLUDED.version
            WHERE s.version < EXCLUDED.version""".formatted(COLUMNS));

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
        StringBuilder csv = new StringBuilder(newest.size() * 200);
        for (Session x : newest.values()) {
            CopyStage.text(csv, x.getTenantId()).append(',');
            CopyStage.text(csv, x.getDeviceId()).append(',');
            CopyStage.text(csv, x.getSessionId()).append(',');
            CopyStage.text(csv, x.getProductId()).append(',');
            CopyStage.text(csv, x.getUser()).append(',');
            CopyStage.text(csv, x.getExecutable()).append(',');
            UtcTimes.appendMillis(csv, x.getStartedAt().toEpochMilli()).append(',');
            UtcTimes.appendMillis(csv, x.getEndedAt().toEpochMilli()).append(',').append(x.getClosed())
                    .append(',').append(x.getLaunches()).append(',').append(x.getActiveSeconds()).append(',')
                    .append(x.getIdleSeconds()).append(',').append(x.getEvents()).append(',').append(x.getVersion())
                    .append('\n');
        }
        STAGE.write(c, csv);
    }
}
