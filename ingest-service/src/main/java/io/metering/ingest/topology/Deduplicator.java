package io.metering.ingest.topology;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

import io.metering.schemas.UsageEvent;

/**
 * Remembers the (tenant, device, seq) of every metered event for the state retention, as bitmaps of
 * {@value #BLOCK_SEQS} consecutive seqs per device: key {@code [tenant/device][2-byte length][seq / 1024: 8 bytes]},
 * value {@code [latest occurredAt in the block: 8 bytes][1024 bits]}. An agent's seqs are dense, so one
 * block stands for up to 1024 events and, behind the record cache, a batch of a device costs one
 * store write and one changelog record per commit instead of one per event (ADR 0805). Sparse seqs
 * cost at most one 136-byte block per event, so no input can make a value grow.
 * <p>
 * {@link #purgeOlderThan} drops whole blocks whose latest occurredAt is before the cutoff. Like the
 * {@code usage_event} table, it takes an event's {@code occurredAt} to be fixed for its seq: a
 * repeat of a purged seq is older than the late horizon and is dead-lettered before it gets here.
 * <p>
 * Blocks changed by the events of one input record are written to the store once, by {@link #flush()}
 * (a device's events of one request mostly share one block, ADR 0811).
 * <p>
 * Not thread-safe: one instance per stream task.
 */
final class Deduplicator {

    static final int BLOCK_SEQS = 1024;
    private static final int HEADER = 8;
    private static final int VALUE_SIZE = HEADER + BLOCK_SEQS / 8;

    private final KeyValueStore<Bytes, byte[]> blocks;
    /** Blocks changed since the last {@link #flush()}: copies owned by this instance. */
    private final Map<Bytes, byte[]> unflushed = new HashMap<>();
    /** The key {@link #blockKey} made last, and of which device key array and block. */
    private byte[] lastDeviceKey;
    private long lastBlock;
    private Bytes lastKey;

    Deduplicator(KeyValueStore<Bytes, byte[]> blocks) {
        this.blocks = blocks;
    }

    /**
     * True the first time the event's (tenant, device, seq) is offered, false for every repeat. The
     * store sees the change at the next {@link #flush()}.
     */
    boolean firstSeen(byte[] deviceKey, UsageEvent event) {
        long seq = event.getSeq();
        Bytes key = blockKey(deviceKey, seq / BLOCK_SEQS);
        byte[] owned = unflushed.get(key);
        byte[] block = owned != null ? owned : blocks.get(key);
        int bit = (int) (seq % BLOCK_SEQS);
        int index = HEADER + bit / 8;
        int mask = 1 << (bit % 8);
        if (block != null && (block[index] & mask) != 0) {
            return false;
        }
        byte[] next = owned != null ? owned : block == null ? new byte[VALUE_SIZE] : block.clone();
        long occurredAt = event.getOccurredAt().toEpochMilli();
        if (block == null || occurredAt > BinaryReader.longAt(block, 0)) {
            BinaryWriter.longAt(next, 0, occurredAt);
        }
        next[index] |= (byte) mask;
        unflushed.put(key, next);
        return true;
    }

    /**
     * The store key of a device's block. The events of one input record share its key array and
     * mostly one block, so the last key is reused (with the hash it has computed) while both stay.
     */
    private Bytes blockKey(byte[] deviceKey, long block) {
        if (deviceKey != lastDeviceKey || block != lastBlock) {
            lastKey = Bytes.wrap(new BinaryWriter(deviceKey.length + 10).writeBytes(deviceKey).writeLong(block).toByteArray());
            lastDeviceKey = deviceKey;
            lastBlock = block;
        }
        return lastKey;
    }

    /** Writes the blocks changed since the last flush to the store. */
    void flush() {
        if (!unflushed.isEmpty()) {
            unflushed.forEach(blocks::put);
            unflushed.clear();
        }
    }

    /** Deletes every block whose latest occurredAt is before {@code cutoff}; returns how many. */
    long purgeOlderThan(long cutoff) {
        flush();
        return StateRanges.deleteWhere(blocks, value -> BinaryReader.longAt(value, 0) < cutoff);
    }
}
