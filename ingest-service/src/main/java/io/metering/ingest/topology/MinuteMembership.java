package io.metering.ingest.topology;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Which sessions count in a minute, as whom, and how many of them count as each user, so that
 * {@code sessions} and distinct {@code users} stay exact under any sequence of adds and removes.
 * Idempotent: adding a member twice or removing an absent one changes nothing.
 * <p>
 * Not thread-safe: owned by one {@link ConsumptionAggregator}, i.e. one stream task.
 */
final class MinuteMembership {

    /** Change of the minute's session and distinct user counts. */
    record Change(int sessions, int users) {
        static final Change NONE = new Change(0, 0);
    }

    private final KeyValueStore<Bytes, byte[]> members;
    private final KeyValueStore<Bytes, byte[]> userRefs;

    MinuteMembership(KeyValueStore<Bytes, byte[]> members, KeyValueStore<Bytes, byte[]> userRefs) {
        this.members = members;
        this.userRefs = userRefs;
    }

    Change apply(MinuteDelta d) {
        return switch (d.op()) {
            case ADD -> add(d);
            case REMOVE -> remove(d);
            case NONE -> Change.NONE;
        };
    }

    private Change add(MinuteDelta d) {
        Bytes key = ConsumptionKeys.memberKey(d);
        UserIdentity previous = decodeUser(members.get(key));
        if (d.user().equals(previous)) {
            return Change.NONE;
        }
        BinaryWriter w = new BinaryWriter(32);
        d.user().writeTo(w);
        members.put(key, w.toByteArray());
        int users = acquire(d, d.user()) - (previous == null ? 0 : release(d, previous));
        return new Change(previous == null ? 1 : 0, users);
    }

    private Change remove(MinuteDelta d) {
        Bytes key = ConsumptionKeys.memberKey(d);
        UserIdentity previous = decodeUser(members.get(key));
        if (previous == null) {
            return Change.NONE;
        }
        members.delete(key);
        return new Change(-1, -release(d, previous));
    }

    /** One more session of the user in the minute; 1 if the user is new to the minute. */
    private int acquire(MinuteDelta d, UserIdentity user) {
        Bytes key = ConsumptionKeys.userKey(d, user);
        byte[] count = userRefs.get(key);
        int next = count == null ? 1 : new BinaryReader(count).readInt() + 1;
        userRefs.put(key, new BinaryWriter(4).writeInt(next).toByteArray());
        return next == 1 ? 1 : 0;
    }

    /** One session less of the user in the minute; 1 if it was the user's last. */
    private int release(MinuteDelta d, UserIdentity user) {
        Bytes key = ConsumptionKeys.userKey(d, user);
        byte[] count = userRefs.get(key);
        int next = count == null ? 0 : new BinaryReader(count).readInt() - 1;
        if (next <= 0) {
            userRefs.delete(key);
            return 1;
        }
        userRefs.put(key, new BinaryWriter(4).writeInt(next).toByteArray());
        return 0;
    }

    private static UserIdentity decodeUser(byte[] bytes) {
        return bytes == null ? null : UserIdentity.readFrom(new BinaryReader(bytes));
    }
}
