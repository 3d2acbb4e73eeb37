package io.metering.ingest.sink;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import io.metering.schemas.Codecs;
import io.metering.schemas.ConsumptionMinute;
import io.metering.schemas.InvalidMessageException;
import io.metering.schemas.Topics;

/**
 * Upserts per-minute consumption into {@code consumption_minute}: the latest value of a minute wins.
 * A batch is COPYed into a staging table and upserted with one statement (ADR 0802).
 */
public final class ConsumptionWriter implements SinkWriter {

    private static final Logger LOG = Logger.getLogger(ConsumptionWriter.class);

    private static final String COLUMNS = "tenant_id, product_id, minute, sessions, users, launches, active_seconds";
    private static final CopyStage STAGE = new CopyStage("consumption_minute_stage", "consumption_minute", COLUMNS, """
            INSERT INTO consumption_minute (%1$s) SELECT %1$s FROM consumption_minute_stage
            ON CONFLICT (tenant_id, product_id, minute) DO UPDATE SET
                sessions = EXCLUDED.sessions, users = EXCLUDED.users, launches = EXCLUDED.launches,
                active_seconds = EXCLUDED.active_seconds""".formatted(COLUMNS));

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
        StringBuilder csv = new StringBuilder(latest.size() * 96);
        for (ConsumptionMinute m : latest.values()) {
            CopyStage.text(csv, m.getTenantId()).append(',');
            CopyStage.text(csv, m.getProductId()).append(',');
            csv.append(m.getMinute()).append(',').append(m.getSessions()).append(',').append(m.getUsers())
                    .append(',').append(m.getLaunches()).append(',').append(m.getActiveSeconds()).append('\n');
        }
        STAGE.write(c, csv);
    }
}
