package io.metering.ingest.topology;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import org.jboss.logging.Logger;

import io.metering.schemas.Codecs;

/**
 * Applies {@link MinuteDelta}s, which arrive in batches partitioned by tenant, product and hour
 * (ADR 0808), to each minute's per-user session counts and totals, and marks the minute as
 * changed; a wall-clock punctuator forwards the full {@code ConsumptionMinute} of every changed
 * minute once per emit interval (ADR 0801), keyed {@code tenant/product/minute}, so all changes
 * of a minute stay in one output partition.
 * Minutes that are not live (late data, replays) wait for the longer backfill interval (ADR 0807),
 * or until no deltas came for two emit intervals.
 * Deltas for minutes older than the state retention, in stream time, are ignored: those minutes
 * are final and their state purged.
 * <p>
 * Not thread-safe: one instance per stream task, called by its stream thread only.
 */
final class ConsumptionAggregator implements Processor<byte[], byte[], byte[], byte[]> {

    private static final Logger LOG = Logger.getLogger(ConsumptionAggregator.class);
    private static final int QUIET_INTERVALS_BEFORE_BACKFILL = 2;

    private final long retentionMs;
    private final Duration purgeInterval;
    private final Duration emitInterval;
    private final Duration backfillEmitInterval;
    private final long liveMs;
    private ProcessorContext<byte[], byte[]> context;
    private MinuteTotalsStore minutes;
    private KeyValueStore<Bytes, byte[]> users;
    private MinuteUsers minuteUsers;
    private PendingEmissions changedMinutes;
    private PendingEmissions changedBackfillMinutes;
    private boolean warnedOfOldFormat;
    private boolean appliedSinceLastEmit;
    private int quietIntervals;

    ConsumptionAggregator(TopologyConfig config) {
        this.retentionMs = config.stateRetention().toMillis();
        this.purgeInterval = config.purgeInterval();
        this.emitInterval = config.emitInterval();
        this.backfillEmitInterval = config.backfillEmitInterval();
        this.liveMs = TopologyConfig.LIVE_MINUTES.toMillis();
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.minutes = new MinuteTotalsStore(context.getStateStore(StoreNames.MINUTES));
        this.users = context.getStateStore(StoreNames.USERS);
        this.minuteUsers = new MinuteUsers(users);
        this.changedMinutes = new PendingEmissions(context.getStateStore(StoreNames.MINUTES_PENDING));
        this.changedBackfillMinutes = new PendingEmissions(context.getStateStore(StoreNames.MINUTES_BACKFILL_PENDING));
        context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> emitLive());
        context.schedule(backfillEmitInterval, PunctuationType.WALL_CLOCK_TIME, now -> emit(changedBackfillMinutes));
        context.schedule(purgeInterval, PunctuationType.WALL_CLOCK_TIME, now -> purge());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        InputRecordBytes.release(context);
        MinuteDeltaBatch batch;
        try {
            batch = MinuteDeltaCodec.decode(record.value());
        } catch (IllegalStateException e) {
            // deltas of an older topology (ADRs 0805, 0808): skipping beats a stream thread that fails forever
            if (!warnedOfOldFormat) {
                LOG.errorf("Skipping minute deltas of task %s: %s", context.taskId(), e.getMessage());
                warnedOfOldFormat = true;
            }
            return;
        }
        appliedSinceLastEmit = true;
        List<MinuteDelta> deltas = retained(batch.deltas(), retentionCutoff());
        if (deltas.isEmpty()) {
            return;
        }
        int[] userChanges = minuteUsers.apply(batch.tenantId(), batch.productId(), batch.hour(), deltas);
        int i = 0;
        while (i < deltas.size()) {
            // the deltas come in minute order: apply each minute's at once, with one read and write of its totals
            MinuteDelta first = deltas.get(i);
            int end = i + 1;
            while (end < deltas.size() && deltas.get(end).minute() == first.minute()) {
                end++;
            }
            apply(deltas.subList(i, end), userChanges[Minutes.minuteOfHour(first.minute())], record.timestamp());
            i = end;
        }
    }

    /** The deltas of minutes at or after {@code cutoff}: older minutes are final and their state purged. */
    private static List<MinuteDelta> retained(List<MinuteDelta> deltas, long cutoff) {
        if (deltas.isEmpty() || deltas.get(0).minute() >= cutoff) {
            return deltas; // the usual case: in minute order, so all are retained
        }
        return deltas.stream().filter(d -> d.minute() >= cutoff).toList();
    }

    /** Applies the deltas of one minute, whose distinct users changed by {@code userChange}. */
    private void apply(List<MinuteDelta> deltasOfMinute, int userChange, long timestamp) {
        MinuteDelta first = deltasOfMinute.get(0);
        Bytes key = ConsumptionKeys.minuteKey(first);
        MinuteTotals before = minutes.get(key);
        MinuteTotals after = before.plus(0, userChange, 0, 0);
        for (MinuteDelta delta : deltasOfMinute) {
            after = after.plus(delta.sessions(), 0, delta.launches(), delta.activeSeconds());
        }
        if (after.equals(before)) {
            return;
        }
        minutes.put(key, after);
        boolean live = first.minute() >= context.currentSystemTimeMs() - liveMs;
        (live ? changedMinutes : changedBackfillMinutes).mark(key, timestamp);
    }

    /**
     * Emits the changed live minutes; also the changed backfill minutes once no deltas came for two
     * intervals in a row: a replay or a late device's upload has been applied, and waiting for the
     * backfill interval would only delay its numbers (ADR 0807 coalesces while deltas keep coming).
     */
    private void emitLive() {
        emit(changedMinutes);
        quietIntervals = appliedSinceLastEmit ? 0 : Math.min(quietIntervals + 1, QUIET_INTERVALS_BEFORE_BACKFILL + 1);
        appliedSinceLastEmit = false;
        if (quietIntervals == QUIET_INTERVALS_BEFORE_BACKFILL && changedBackfillMinutes.markedSinceDrain()) {
            emit(changedBackfillMinutes);
        }
    }

    /** Forwards the current totals (all zeros once deleted) of every minute marked in {@code pending}. */
    private void emit(PendingEmissions pending) {
        pending.drain((key, timestamp) -> {
            BinaryReader r = new BinaryReader(key.get());
            long minute = r.readLong();
            String tenant = r.readString();
            String product = r.readString();
            byte[] value = Codecs.CONSUMPTION_MINUTE.encode(
                    minutes.get(key).toConsumptionMinute(tenant, product, minute));
            context.forward(new Record<>(ConsumptionKeys.outputKey(tenant, product, minute)
                    .getBytes(StandardCharsets.UTF_8), value, timestamp));
        });
    }

    private long retentionCutoff() {
        long streamTime = context.currentStreamTimeMs();
        return streamTime <= 0 ? Long.MIN_VALUE : Minutes.floor(streamTime - retentionMs);
    }

    private void purge() {
        long cutoff = retentionCutoff();
        if (cutoff == Long.MIN_VALUE || cutoff <= 0) {
            return;
        }
        minutes.deleteBelow(ConsumptionKeys.firstKeyOf(cutoff));
        StateRanges.deleteBelow(users, ConsumptionKeys.firstKeyOf(Minutes.hourFloor(cutoff))); // hours wholly before it
    }
}
