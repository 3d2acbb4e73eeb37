package io.metering.ingest.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * How many sessions count as each user in each minute, so that distinct {@code users} stays exact
 * under any order of the sessions' starts and stops; a user counts in a minute while the count is
 * positive. One entry per user and UTC hour (ADR 0812): key {@code (hour, tenant, product, user)}
 * ({@link ConsumptionKeys#userHourKey}), value the hour's non-zero counts as
 * {@code [entries: 1 byte]} then per entry {@code [minute of the hour: 1 byte][count: 4 bytes]},
 * in minute order. A batch of one hour's deltas reads and writes each of its users once, however
 * many minutes it changes.
 * <p>
 * Not thread-safe: owned by one {@link ConsumptionAggregator}, i.e. one stream task.
 */
final class MinuteUsers {

    static final int MINUTES_PER_HOUR = 60;

    private final KeyValueStore<Bytes, byte[]> counts;

    MinuteUsers(KeyValueStore<Bytes, byte[]> counts) {
        this.counts = counts;
    }

    /**
     * Applies the session changes of {@code deltas}, all of one tenant, product and hour, to their
     * users' counts.
     *
     * @return per minute of the hour, the change of the minute's distinct users
     */
    int[] apply(String tenantId, String productId, long hour, List<MinuteDelta> deltas) {
        int[] changes = new int[MINUTES_PER_HOUR];
        Map<UserIdentity, List<MinuteDelta>> byUser = new LinkedHashMap<>();
        for (MinuteDelta d : deltas) {
            if (d.sessions() != 0) {
                byUser.computeIfAbsent(d.user(), u -> new ArrayList<>(4)).add(d);
            }
        }
        byUser.forEach((user, userDeltas) -> {
            Bytes key = ConsumptionKeys.userHourKey(hour, tenantId, productId, user);
            int[] hourCounts = decode(counts.get(key));
            for (MinuteDelta d : userDeltas) {
                int minute = Minutes.minuteOfHour(d.minute());
                int before = hourCounts[minute];
                int after = Math.max(0, before + d.sessions());
                hourCounts[minute] = after;
                changes[minute] += (after > 0 ? 1 : 0) - (before > 0 ? 1 : 0);
            }
            byte[] value = encode(hourCounts);
            if (value == null) {
                counts.delete(key);
            } else {
                counts.put(key, value);
            }
        });
        return changes;
    }

    /** The hour's counts, or null when all are zero (the entry is deleted then). */
    static byte[] encode(int[] hourCounts) {
        int entries = 0;
        for (int count : hourCounts) {
            entries += count > 0 ? 1 : 0;
        }
        if (entries == 0) {
            return null;
        }
        BinaryWriter w = new BinaryWriter(1 + 5 * entries).writeByte(entries);
        for (int minute = 0; minute < MINUTES_PER_HOUR; minute++) {
            if (hourCounts[minute] > 0) {
                w.writeByte(minute).writeInt(hourCounts[minute]);
            }
        }
        return w.toByteArray();
    }

    static int[] decode(byte[] value) {
        int[] hourCounts = new int[MINUTES_PER_HOUR];
        if (value != null) {
            BinaryReader r = new BinaryReader(value);
            int entries = r.readByte() & 0xff;
            for (int i = 0; i < entries; i++) {
                int minute = r.readByte() & 0xff;
                hourCounts[minute] = r.readInt();
            }
        }
        return hourCounts;
    }
}
