package io.metering.ingest.topology;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * How many sessions count as each user in a minute, so that distinct {@code users} stays exact
 * under any order of the sessions' starts and stops: key {@code (minute, tenant, product, user)},
 * value the count; a user counts in the minute while the count is positive.
 * <p>
 * Not thread-safe: owned by one {@link ConsumptionAggregator}, i.e. one stream task.
 */
final class MinuteUsers {

    private final KeyValueStore<Bytes, byte[]> counts;

    MinuteUsers(KeyValueStore<Bytes, byte[]> counts) {
        this.counts = counts;
    }

    /**
     * Applies the delta's session change to its user's count.
     *
     * @return the change of the minute's distinct users: 1 if the user started counting, -1 if the
     *         user stopped, else 0
     */
    int apply(MinuteDelta d) {
        if (d.sessions() == 0) {
            return 0;
        }
        Bytes key = ConsumptionKeys.userKey(d, d.user());
        byte[] stored = counts.get(key);
        int before = stored == null ? 0 : new BinaryReader(stored).readInt();
        int after = before + d.sessions();
        if (after <= 0) {
            counts.delete(key);
        } else {
            counts.put(key, new BinaryWriter(4).writeInt(after).toByteArray());
        }
        return (after > 0 ? 1 : 0) - (before > 0 ? 1 : 0);
    }
}
