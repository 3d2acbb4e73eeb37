package io.metering.ingest.topology;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.WindowStore;

import io.metering.schemas.UsageEvent;

/**
 * Remembers the (tenant, device, seq) of every metered event for the state retention, in a window
 * store timestamped by {@code occurredAt}: expired segments are dropped whole by the store, so no
 * scan is needed to purge. Like the {@code usage_event} table, it takes an event's
 * {@code occurredAt} to be fixed for its seq.
 * <p>
 * Not thread-safe: one instance per stream task.
 */
final class Deduplicator {

    private static final byte[] SEEN = {1};

    private final WindowStore<Bytes, byte[]> seen;

    Deduplicator(WindowStore<Bytes, byte[]> seen) {
        this.seen = seen;
    }

    /** True the first time the event's (tenant, device, seq) is offered, false for every repeat. */
    boolean firstSeen(byte[] deviceKey, UsageEvent event) {
        Bytes key = Bytes.wrap(new BinaryWriter(deviceKey.length + 8).writeRaw(deviceKey)
                .writeLong(event.getSeq()).toByteArray());
        long occurredAt = event.getOccurredAt().toEpochMilli();
        if (seen.fetch(key, occurredAt) != null) {
            return false;
        }
        seen.put(key, SEEN, occurredAt);
        return true;
    }
}
