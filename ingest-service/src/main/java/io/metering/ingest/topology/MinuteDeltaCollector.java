package io.metering.ingest.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ObjLongConsumer;

/**
 * Collects the minute deltas of one emission of sessionization into one {@link MinuteDeltaBatch}
 * per tenant, product and hour, merging the deltas of the same minute and user (and those of the
 * same minute without a user) across sessions (ADR 0808). A delta that merges to nothing (a
 * user's session starting and another of the same user stopping in the same minute) is dropped.
 * <p>
 * Not thread-safe: used by one stream thread during one punctuation.
 */
final class MinuteDeltaCollector {

    /** Minute order (what the aggregator needs), then by user name so that batches are deterministic. */
    private static final Comparator<MinuteDelta> MINUTE_ORDER = Comparator.comparingLong(MinuteDelta::minute)
            .thenComparing(d -> d.user() == null ? "" : d.user().name());

    /** Upper bound of the encoded deltas of one batch: a quarter of the producer's default record limit. */
    static final int MAX_BATCH_BYTES = 256 * 1024;

    private final Map<GroupKey, Group> groups = new LinkedHashMap<>();
    private int size;

    private record GroupKey(String tenantId, String productId, long hour) {
    }

    private record EntryKey(long minute, UserIdentity user) {
    }

    private static final class Group {
        final Map<EntryKey, MinuteDelta> deltas = new HashMap<>();
        long timestamp = Long.MIN_VALUE;
    }

    /** Adds {@code delta}, caused by records up to {@code timestamp}. */
    void add(MinuteDelta delta, long timestamp) {
        GroupKey groupKey = new GroupKey(delta.tenantId(), delta.productId(), Minutes.hourFloor(delta.minute()));
        Group group = groups.computeIfAbsent(groupKey, k -> new Group());
        group.timestamp = Math.max(group.timestamp, timestamp);
        if (delta.sessions() != 0) {
            // kept apart from launches and seconds, so that a user's entry only ever counts sessions
            put(group, MinuteDelta.counting(delta.tenantId(), delta.productId(), delta.minute(), delta.sessions(),
                    delta.user()));
        }
        if (delta.launches() != 0 || delta.activeSeconds() != 0) {
            put(group, MinuteDelta.contribution(delta.tenantId(), delta.productId(), delta.minute(),
                    delta.launches(), delta.activeSeconds()));
        }
    }

    private void put(Group group, MinuteDelta delta) {
        if (group.deltas.merge(new EntryKey(delta.minute(), delta.user()), delta, MinuteDeltaCollector::merge) == delta) {
            size++;
        }
    }

    /** Two deltas of one minute and user (or both without a user) as one; null when sessions cancel out. */
    private static MinuteDelta merge(MinuteDelta a, MinuteDelta b) {
        int sessions = a.sessions() + b.sessions();
        if (a.user() != null && sessions == 0) {
            return null;
        }
        return new MinuteDelta(a.tenantId(), a.productId(), a.minute(), sessions, a.user(),
                a.launches() + b.launches(), a.activeSeconds() + b.activeSeconds());
    }

    /** An upper bound of the deltas held (merges that cancel out are not subtracted). */
    int size() {
        return size;
    }

    /**
     * Hands every batch with its latest timestamp to {@code sink} and starts empty again. A group
     * whose encoded deltas would exceed {@link #MAX_BATCH_BYTES} goes out as several batches (a live
     * product with thousands of users in a minute), so no record nears the producer's 1 MB limit.
     */
    void drainTo(ObjLongConsumer<MinuteDeltaBatch> sink) {
        for (Map.Entry<GroupKey, Group> e : groups.entrySet()) {
            List<MinuteDelta> deltas = new ArrayList<>(e.getValue().deltas.size());
            for (MinuteDelta d : e.getValue().deltas.values()) {
                if (!d.isEmpty()) {
                    deltas.add(d);
                }
            }
            deltas.sort(MINUTE_ORDER);
            GroupKey k = e.getKey();
            int from = 0;
            int bytes = 0;
            for (int i = 0; i < deltas.size(); i++) {
                int size = MinuteDeltaCodec.maxEncodedSize(deltas.get(i));
                if (i > from && bytes + size > MAX_BATCH_BYTES) {
                    sink.accept(new MinuteDeltaBatch(k.tenantId(), k.productId(), k.hour(), deltas.subList(from, i)),
                            e.getValue().timestamp);
                    from = i;
                    bytes = 0;
                }
                bytes += size;
            }
            if (from < deltas.size()) {
                sink.accept(new MinuteDeltaBatch(k.tenantId(), k.productId(), k.hour(), deltas.subList(from, deltas.size())),
                        e.getValue().timestamp);
            }
        }
        groups.clear();
        size = 0;
    }
}
