package io.metering.ingest.topology;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ObjLongConsumer;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keys whose output is due at the next emission, each with the timestamp of the latest record that
 * changed it. Kept in a change-logged store rather than in memory: a commit between the change and
 * the emission commits the mark together with the state, so a crash after that commit still emits
 * the key (from the restored store) instead of losing the output (ADR 0801).
 * <p>
 * A key changed many times in one interval is put once: an in-memory set remembers which keys this
 * instance has marked since the last drain. It only ever skips a put whose mark is already in the
 * store; it starts empty (create one per processor {@code init}, after the store was restored), so
 * after a crash or a revived task the marks are simply put again.
 * <p>
 * Not thread-safe: one instance per stream task.
 */
final class PendingEmissions {

    private final KeyValueStore<Bytes, byte[]> pending;
    private final Set<Bytes> markedSinceDrain = new HashSet<>();

    PendingEmissions(KeyValueStore<Bytes, byte[]> pending) {
        this.pending = pending;
    }

    /**
     * Marks {@code key} for the next emission: one put the first time in an interval, nothing after
     * that. The timestamp is the first change's of the interval; records of one interval differ by
     * less than an interval in practice, and nothing downstream orders by it.
     */
    void mark(Bytes key, long timestamp) {
        if (markedSinceDrain.add(key)) {
            pending.put(key, new BinaryWriter(8).writeLong(timestamp).toByteArray());
        }
    }

    /**
     * Whether this instance marked a key since the last drain. False does not mean the store is
     * empty: marks restored after a crash are not counted.
     */
    boolean markedSinceDrain() {
        return !markedSinceDrain.isEmpty();
    }

    /**
     * Hands every marked key to {@code emit} with its timestamp and unmarks it, in bounded batches,
     * never modifying the store while one of its iterators is open.
     */
    int drain(ObjLongConsumer<Bytes> emit) {
        int emitted = 0;
        List<KeyValue<Bytes, byte[]>> batch;
        do {
            batch = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> it = pending.all()) {
                while (it.hasNext() && batch.size() < StateRanges.BATCH) {
                    batch.add(it.next());
                }
            }
            for (KeyValue<Bytes, byte[]> entry : batch) {
                emit.accept(entry.key, BinaryReader.longAt(entry.value, 0));
                pending.delete(entry.key);
            }
            emitted += batch.size();
        } while (batch.size() == StateRanges.BATCH);
        markedSinceDrain.clear();
        return emitted;
    }
}
