package io.metering.ingest.topology;

import java.util.ArrayList;
import java.util.List;

import io.metering.schemas.EventType;
import io.metering.schemas.UsageEvent;

/**
 * The minute deltas that one event causes: the session starts counting (+1) in the minutes its
 * coverage gained and stops (-1) in those it lost, as the product and user it counts as (all of
 * the old coverage stops and all of the new starts when either changed), plus the event's own
 * launches and active seconds in the minute it occurred, merged into one delta per minute where
 * they meet. Works on range ends only, so a long
 * session that grows by one minute costs one delta, not one per covered minute.
 * <p>
 * Stateless and thread-safe.
 */
final class CoverageDiff {

    private CoverageDiff() {
    }

    /**
     * @param before the session before the event, null if the event opened it
     * @param after  the session with the event
     */
    static List<MinuteDelta> of(SessionState before, SessionState after, UsageEvent event) {
        List<MinuteDelta> deltas = new ArrayList<>(2);
        countingChanges(before == null ? null : before.coverage(), after.coverage(), after, deltas);
        addContribution(event, deltas);
        return deltas;
    }

    private static void countingChanges(SessionCoverage old, SessionCoverage now, SessionState session,
            List<MinuteDelta> out) {
        if (old == null) {
            emit(session, now, 1, now.firstMinute(), now.lastMinute(), out);
        } else if (!old.sameCounting(now)) {
            emit(session, old, -1, old.firstMinute(), old.lastMinute(), out);
            emit(session, now, 1, now.firstMinute(), now.lastMinute(), out);
        } else {
            emitOutside(session, now, old, 1, out);
            emitOutside(session, old, now, -1, out);
        }
    }

    /** Emits {@code sessions} for the minutes of {@code range} that {@code other} does not cover. */
    private static void emitOutside(SessionState session, SessionCoverage range, SessionCoverage other,
            int sessions, List<MinuteDelta> out) {
        emit(session, range, sessions, range.firstMinute(),
                Math.min(range.lastMinute(), other.firstMinute() - Minutes.MINUTE_MS), out);
        emit(session, range, sessions, Math.max(range.firstMinute(), other.lastMinute() + Minutes.MINUTE_MS),
                range.lastMinute(), out);
    }

    private static void emit(SessionState session, SessionCoverage coverage, int sessions,
            long fromMinute, long toMinute, List<MinuteDelta> out) {
        for (long m = fromMinute; m <= toMinute; m += Minutes.MINUTE_MS) {
            out.add(MinuteDelta.counting(session.tenantId(), coverage.productId(), m, sessions, coverage.user()));
        }
    }

    private static void addContribution(UsageEvent event, List<MinuteDelta> deltas) {
        int launches = event.getType() == EventType.LAUNCH ? 1 : 0;
        long active = event.getActiveSeconds();
        if (launches == 0 && active == 0) {
            return;
        }
        long minute = Minutes.floor(event.getOccurredAt().toEpochMilli());
        String product = event.getProductId();
        for (int i = 0; i < deltas.size(); i++) {
            MinuteDelta d = deltas.get(i);
            if (d.minute() == minute && d.productId().equals(product)) {
                deltas.set(i, d.plus(launches, active));
                return;
            }
        }
        deltas.add(MinuteDelta.contribution(event.getTenantId(), product, minute, launches, active));
    }
}
