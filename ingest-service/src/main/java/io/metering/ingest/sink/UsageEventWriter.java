package io.metering.ingest.sink;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import io.metering.schemas.EventRecords;
import io.metering.schemas.InvalidMessageException;
import io.metering.schemas.Topics;
import io.metering.schemas.UsageEvent;

/**
 * Stores raw events in {@code usage_event}, once per (tenant, device, seq), from both event topics:
 * records of {@link Topics#DEVICE_EVENTS} hold a device's events (ADR 0811), records of
 * {@link Topics#USAGE_EVENTS} one event each. A batch is COPYed straight
 * into the table; only a batch with a row that is already there goes through a session-local staging
 * table and one {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING} (ADR 0402, ADR 0806). Rows travel in
 * PostgreSQL's binary COPY format (ADR 0813), in the order of the table's key (ADR 0820).
 * <p>
 * Not thread-safe: one instance per sink thread (it keeps its buffers between batches).
 */
public final class UsageEventWriter implements SinkWriter {

    private static final Logger LOG = Logger.getLogger(UsageEventWriter.class);

    private static final String COLUMNS = "tenant_id, device_id, seq, occurred_at, event_id, type, session_id, product_id,"
            + " executable, user_name, pid, process_started_at, active_seconds, idle_seconds, agent_version, received_at";
    private static final int FIELDS = 16;
    /**
     * {@code product_id} of an event without a product (an unrecognised executable): the column is part
     * of the table's key, so it cannot be null, and no product has an empty id (ADR 0817).
     */
    private static final String NO_PRODUCT = "";
    private static final CopyStage STAGE = new CopyStage("usage_event_stage", "usage_event", COLUMNS,
            "INSERT INTO usage_event (" + COLUMNS + ") SELECT " + COLUMNS
                    + " FROM usage_event_stage ON CONFLICT DO NOTHING");

    /** Whether a batch is COPYed in the order of the table's key (ADR 0820) or in its own. */
    private final boolean keyOrder;
    /*
     * Kept from batch to batch: a poll of 1,000 device records is up to ~64,000 rows, and allocating
     * their buffers anew (~12 MB twice) was an eighth of the ingest JVM's allocation.
     */
    private final BinaryCopyRows rows = new BinaryCopyRows(FIELDS, 4_096);
    private final BinaryCopyRows ordered = new BinaryCopyRows(FIELDS, 4_096);
    private final UsageEventOrder order = new UsageEventOrder(4_096);

    public UsageEventWriter() {
        this(true);
    }

    /** {@code keyOrder} false only to measure what the key order saves ({@code UsageEventCopyBenchmark}). */
    UsageEventWriter(boolean keyOrder) {
        this.keyOrder = keyOrder;
    }

    /** The older topic names the consumer group, so that its committed offsets stay valid. */
    @Override
    public String topic() {
        return Topics.USAGE_EVENTS;
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.USAGE_EVENTS, Topics.DEVICE_EVENTS);
    }

    @Override
    public int maxPollRecords(SinkSettings settings) {
        return settings.eventMaxPollRecords();
    }

    @Override
    public void write(Connection c, List<ConsumerRecord<String, byte[]>> records) throws SQLException {
        rows.clear();
        order.clear();
        for (ConsumerRecord<String, byte[]> record : records) {
            List<UsageEvent> events;
            try {
                events = EventRecords.events(record.topic(), record.value());
            } catch (InvalidMessageException ex) {
                LOG.debugf("Skipping unreadable events at %s-%d@%d (the topology sends them to the DLQ)",
                        record.topic(), record.partition(), record.offset());
                continue;
            }
            for (UsageEvent e : events) {
                appendRow(rows, e, record.timestamp());
                order.add(e);
            }
        }
        if (rows.rows() > 0) {
            STAGE.writeNew(c, keyOrder ? rows.reordered(order.order(), ordered) : rows);
        }
    }

    /** One row in the order of {@link #COLUMNS}. */
    static void appendRow(BinaryCopyRows rows, UsageEvent e, long receivedAtMillis) {
        rows.row()
                .text(e.getTenantId())
                .text(e.getDeviceId())
                .int8(e.getSeq())
                .timestamptz(e.getOccurredAt().toEpochMilli())
                .uuid(e.getEventId())
                .text(e.getType().name())
                .text(e.getSessionId())
                .text(Objects.requireNonNullElse(e.getProductId(), NO_PRODUCT))
                .text(e.getExecutable())
                .text(e.getUser())
                .int8(e.getPid());
        if (e.getProcessStartedAt() == null) {
            rows.nul();
        } else {
            rows.timestamptz(e.getProcessStartedAt().toEpochMilli());
        }
        rows.int4Field(e.getActiveSeconds())
                .int4Field(e.getIdleSeconds())
                .text(e.getAgentVersion())
                .timestamptz(receivedAtMillis);
    }
}
