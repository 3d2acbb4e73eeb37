package io.metering.ingest.topology;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import io.metering.schemas.Codecs;
import io.metering.schemas.EventRecords;
import io.metering.schemas.InvalidMessageException;
import io.metering.schemas.Topics;
import io.metering.schemas.UsageEvent;

/**
 * Reads usage events keyed {@code tenant/device} (already the sessionization key, so no
 * repartition), a device's events of one request per record or one event per record (ADR 0811):
 * dead-letters the bad ones, drops repeats of a (tenant, device, seq) and folds the
 * rest into their session. Changed sessions are marked and forwarded once per emit interval with
 * their latest state (a wall-clock punctuator), not once per event (ADR 0801), together with the
 * {@link MinuteDelta}s their changes cause, in batches per tenant, product and hour (ADR 0808). A wall-clock punctuator closes sessions that timed out; another
 * drops sessions whose last event was received longer ago than the state retention (in stream time).
 * <p>
 * Not thread-safe: one instance per stream task, called by its stream thread only.
 */
final class SessionizeProcessor implements Processor<byte[], byte[], byte[], Emission> {

    /** Deltas collected in one emission before they are forwarded, bounding its memory. */
    private static final int MAX_COLLECTED_DELTAS = 20_000;
    /** Unsent contributions a session may hold (~200 events) before it sends its deltas at once. */
    private static final int MAX_UNSENT_BYTES = 8 * 1024;

    private final TopologyConfig config;
    private final DlqCounters counters;
    private final EventAdmission admission;
    private ProcessorContext<byte[], Emission> context;
    private DeadLetters deadLetters;
    private Deduplicator deduplicator;
    private SessionRepository sessions;
    private PendingEmissions changedSessions;

    SessionizeProcessor(TopologyConfig config, DlqCounters counters) {
        this.config = config;
        this.counters = counters;
        this.admission = new EventAdmission(config);
    }

    @Override
    public void init(ProcessorContext<byte[], Emission> context) {
        this.context = context;
        this.deadLetters = new DeadLetters(counters, context.metrics(), context.taskId().toString());
        this.deduplicator = new Deduplicator(context.getStateStore(StoreNames.DEDUPE));
        this.sessions = new SessionRepository(context.getStateStore(StoreNames.SESSIONS),
                context.getStateStore(StoreNames.OPEN_SESSIONS));
        this.changedSessions = new PendingEmissions(context.getStateStore(StoreNames.SESSIONS_PENDING));
        context.schedule(config.emitInterval(), PunctuationType.WALL_CLOCK_TIME, now -> {
            emitChangedSessions();
            flushState();
        });
        context.schedule(config.timeoutCheckInterval(), PunctuationType.WALL_CLOCK_TIME, now -> {
            closeTimedOut(now);
            flushState();
        });
        context.schedule(config.purgeInterval(), PunctuationType.WALL_CLOCK_TIME, now -> {
            purge();
            flushState();
        });
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        InputRecordBytes.release(context);
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(Topics.USAGE_EVENTS);
        List<UsageEvent> events;
        try {
            events = EventRecords.events(topic, record.value());
        } catch (InvalidMessageException e) {
            context.forward(deadLetters.letter(record, DlqReason.UNPARSEABLE));
            return;
        }
        String recordKey = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        boolean oneOfMany = Topics.DEVICE_EVENTS.equals(topic);
        for (UsageEvent event : events) {
            admit(record, recordKey, event, oneOfMany);
        }
        flushState();
    }

    /**
     * Dead-letters, drops as a repeat or meters one event of {@code record}; a dead letter of an event
     * that came with others of its device holds that event alone.
     */
    private void admit(Record<byte[], byte[]> record, String recordKey, UsageEvent event, boolean oneOfMany) {
        if (!EventAdmission.isMeterable(event)) {
            return;
        }
        Optional<DlqReason> rejection = admission.rejection(recordKey, event, record.timestamp());
        if (rejection.isPresent()) {
            context.forward(oneOfMany
                    ? deadLetters.letter(record, Codecs.USAGE_EVENT.encode(event), rejection.get())
                    : deadLetters.letter(record, rejection.get()));
        } else if (deduplicator.firstSeen(record.key(), event)) {
            meter(event, record.timestamp());
        }
    }

    /**
     * Writes what the record or punctuation changed to the stores: session states and seq blocks are
     * written once per record, however many of its events changed them, and always before Streams
     * can commit (it commits between records and punctuations, never inside one).
     */
    private void flushState() {
        sessions.flush();
        deduplicator.flush();
    }

    @Override
    public void close() {
        if (deadLetters != null) {
            deadLetters.close();
        }
    }

    private void meter(UsageEvent event, long receivedAt) {
        // the key is made once per event: a session's events mostly come many to a record
        String sessionKey = event.getTenantId() + "/" + event.getDeviceId() + "/" + event.getSessionId();
        SessionState before = sessions.find(sessionKey).orElse(null);
        SessionState after = (before == null ? SessionState.empty(event) : before)
                .with(event, receivedAt, config.lateHorizon().toMillis());
        if (sessions.save(sessionKey, before, after)) { // else marked by an earlier event of the same record
            changedSessions.mark(sessionKeyBytes(sessionKey), receivedAt);
        }
        if (after.unemitted().byteSize() >= MAX_UNSENT_BYTES) {
            // a long backlog of one session within one interval: send now rather than grow its state
            MinuteDeltaCollector deltas = new MinuteDeltaCollector();
            collectUnsent(after, receivedAt, deltas);
            forwardDeltas(deltas);
        }
    }

    private void closeTimedOut(long now) {
        long cutoff = now - config.sessionTimeout().toMillis();
        List<SessionState> due;
        do {
            due = sessions.openSince(cutoff, StateRanges.BATCH);
            for (SessionState state : due) {
                SessionState closed = state.withTimedOut();
                sessions.save(state, closed);
                changedSessions.mark(sessionKeyBytes(closed.key()), now);
            }
        } while (due.size() == StateRanges.BATCH);
        emitChangedSessions();
    }

    /**
     * Forwards the latest state of every session changed since the last emission, and the minute
     * deltas these sessions owe, merged into one batch per tenant, product and hour (ADR 0808). The
     * sessions are saved as having sent their deltas in the same transaction that sends them.
     */
    private void emitChangedSessions() {
        MinuteDeltaCollector deltas = new MinuteDeltaCollector();
        changedSessions.drain((key, timestamp) -> sessions
                .find(new String(key.get(), StandardCharsets.UTF_8))
                .ifPresent(state -> {
                    collectUnsent(state, timestamp, deltas);
                    forwardSession(state, timestamp);
                    if (deltas.size() >= MAX_COLLECTED_DELTAS) {
                        forwardDeltas(deltas);
                    }
                }));
        forwardDeltas(deltas);
    }

    /** Adds the deltas {@code state} owes to {@code deltas} and saves it as having sent them. */
    private void collectUnsent(SessionState state, long timestamp, MinuteDeltaCollector deltas) {
        List<MinuteDelta> unsent = CoverageDiff.unsent(state);
        if (!unsent.isEmpty()) {
            unsent.forEach(delta -> deltas.add(delta, timestamp));
            sessions.save(state, state.withDeltasEmitted());
        }
    }

    private void forwardDeltas(MinuteDeltaCollector deltas) {
        deltas.drainTo((batch, timestamp) -> context.forward(new Record<>(
                batch.key().getBytes(StandardCharsets.UTF_8),
                new Emission(Emission.Kind.MINUTE_DELTA, MinuteDeltaCodec.encode(batch)), timestamp)));
    }

    private static Bytes sessionKeyBytes(String sessionKey) {
        return Bytes.wrap(sessionKey.getBytes(StandardCharsets.UTF_8));
    }

    private void purge() {
        emitChangedSessions(); // a session purged below must not take unsent deltas with it
        long streamTime = context.currentStreamTimeMs();
        if (streamTime > 0) {
            long cutoff = streamTime - config.stateRetention().toMillis();
            sessions.purgeReceivedBefore(cutoff);
            deduplicator.purgeOlderThan(cutoff);
        }
    }

    private void forwardSession(SessionState state, long timestamp) {
        context.forward(new Record<>(state.key().getBytes(StandardCharsets.UTF_8),
                new Emission(Emission.Kind.SESSION, Codecs.SESSION.encode(state.toSession())), timestamp));
    }

}
