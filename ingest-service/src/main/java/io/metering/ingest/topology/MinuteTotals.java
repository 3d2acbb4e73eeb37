package io.metering.ingest.topology;

import java.time.Instant;

import io.metering.schemas.ConsumptionMinute;

/**
 * The values of one consumption minute as stored: sessions, distinct users, launches and active
 * seconds.
 * <p>
 * Immutable and thread-safe.
 */
record MinuteTotals(int sessions, int users, int launches, long activeSeconds) {

    static final MinuteTotals ZERO = new MinuteTotals(0, 0, 0, 0);

    MinuteTotals plus(int moreSessions, int moreUsers, int moreLaunches, long moreActiveSeconds) {
        return new MinuteTotals(sessions + moreSessions, users + moreUsers, launches + moreLaunches,
                activeSeconds + moreActiveSeconds);
    }

    boolean isZero() {
        return equals(ZERO);
    }

    ConsumptionMinute toConsumptionMinute(String tenantId, String productId, long minute) {
        return ConsumptionMinute.newBuilder().setTenantId(tenantId).setProductId(productId)
                .setMinute(Instant.ofEpochMilli(minute)).setSessions(sessions).setUsers(users)
                .setLaunches(launches).setActiveSeconds(activeSeconds).build();
    }

    byte[] encode() {
        return new BinaryWriter(24).writeInt(sessions).writeInt(users).writeInt(launches)
                .writeLong(activeSeconds).toByteArray();
    }

    static MinuteTotals decode(byte[] bytes) {
        if (bytes == null) {
            return ZERO;
        }
        BinaryReader r = new BinaryReader(bytes);
        return new MinuteTotals(r.readInt(), r.readInt(), r.readInt(), r.readLong());
    }
}
