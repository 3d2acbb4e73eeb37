package io.metering.ingest.topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Deletes or lists the keys of a byte-ordered store below an exclusive upper bound, in bounded
 * batches, never modifying a store while one of its iterators is open.
 * <p>
 * Stateless and thread-safe; the stores it is given are not.
 */
final class StateRanges {

    static final int BATCH = 10_000;
    private static final Bytes LOWEST = Bytes.wrap(new byte[0]);

    private StateRanges() {
    }

    /** Deletes every key below {@code upperExclusive}; returns how many. */
    static long deleteBelow(KeyValueStore<Bytes, byte[]> store, Bytes upperExclusive) {
        long deleted = 0;
        List<Bytes> batch;
        do {
            batch = keysBelow(store, upperExclusive, BATCH);
            batch.forEach(store::delete);
            deleted += batch.size();
        } while (batch.size() == BATCH);
        return deleted;
    }

    /**
     * Deletes every entry whose value matches, scanning the whole store once and deleting in batches
     * of {@link #BATCH} after each part of the scan; returns how many.
     */
    static long deleteWhere(KeyValueStore<Bytes, byte[]> store, Predicate<byte[]> expired) {
        long deleted = 0;
        Bytes from = LOWEST;
        boolean more = true;
        while (more) {
            List<Bytes> batch = new ArrayList<>();
            Bytes last = null;
            int scanned = 0;
            try (KeyValueIterator<Bytes, byte[]> it = store.range(from, null)) {
                while (it.hasNext() && scanned < BATCH) {
                    var entry = it.next();
                    scanned++;
                    last = entry.key;
                    if (expired.test(entry.value)) {
                        batch.add(entry.key);
                    }
                }
                more = it.hasNext();
            }
            batch.forEach(store::delete);
            deleted += batch.size();
            if (last != null) {
                from = Bytes.wrap(Arrays.copyOf(last.get(), last.get().length + 1)); // next key after last
            }
        }
        return deleted;
    }

    /** Up to {@code limit} keys below {@code upperExclusive}, smallest first. */
    static List<Bytes> keysBelow(KeyValueStore<Bytes, byte[]> store, Bytes upperExclusive, int limit) {
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(LOWEST, upperExclusive)) {
            while (it.hasNext() && keys.size() < limit) {
                Bytes key = it.next().key;
                if (key.compareTo(upperExclusive) < 0) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }
}
