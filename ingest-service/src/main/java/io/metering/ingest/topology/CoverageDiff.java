package io.metering.ingest.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * The minute deltas a session owes minute aggregation (ADR 0808): it starts counting (+1) in the
 * minutes its coverage gained since the coverage last sent and stops (-1) in those it lost, as
 * the product and user it counts as (all of the old coverage stops and all of the new starts when
 * either changed), plus the launches and active seconds of its events not sent yet. Works on range
 * ends only, so a long session that grew by one minute costs one delta, not one per covered minute.
 * <p>
 * Stateless and thread-safe.
 */
final class CoverageDiff {

    private CoverageDiff() {
    }

    /** The deltas that bring minute aggregation from what {@code session} sent so far to its current state. */
    static List<MinuteDelta> unsent(SessionState session) {
        List<MinuteDelta> deltas = new ArrayList<>();
        countingChanges(session.emitted(), session.coverage(), session, deltas);
        session.unemitted().forEach(c -> deltas.add(MinuteDelta.contribution(session.tenantId(), c.productId(),
                c.minute(), c.launches(), c.activeSeconds())));
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
}
