package io.metering.ingest.topology;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The per-minute totals of one aggregator task, keyed by {@link ConsumptionKeys#minuteKey}, with the
 * totals it wrote last kept decoded in memory: a replay touches each minute once per delta batch, and
 * a read through the store's metering, caching and TreeMap layers cost as much as the write.
 * Only this task writes the store and a new instance is made at every processor {@code init} (after
 * a restore or a revived task), so a remembered value is always what the store holds.
 * <p>
 * Not thread-safe: one instance per stream task.
 */
final class MinuteTotalsStore {

    /** Bound of the remembered totals: ~100 bytes each, so about a MB per task. */
    private static final int MAX_REMEMBERED = 10_000;

    private final KeyValueStore<Bytes, byte[]> store;
    private final Map<Bytes, MinuteTotals> remembered = new HashMap<>();

    MinuteTotalsStore(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** The minute's totals, {@link MinuteTotals#ZERO} if it has none. */
    MinuteTotals get(Bytes key) {
        MinuteTotals known = remembered.get(key);
        return known != null ? known : MinuteTotals.decode(store.get(key));
    }

    /** Stores the minute's totals; all zeros delete it. */
    void put(Bytes key, MinuteTotals totals) {
        if (totals.isZero()) {
            store.delete(key);
        } else {
            store.put(key, totals.encode());
        }
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.clear();
        }
        remembered.put(key, totals);
    }

    /** Deletes the totals of every minute whose key is below {@code upperExclusive}. */
    void deleteBelow(Bytes upperExclusive) {
        remembered.clear();
        StateRanges.deleteBelow(store, upperExclusive);
    }
}
