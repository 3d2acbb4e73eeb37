package io.metering.agent.enforce;

/**
 * A seat this agent holds for one session, as kept in {@code enforcement.json}. Times in epoch millis.
 *
 * @param leaseId     the server's lease id; null while the seat was only granted locally (offline)
 * @param renewAt     when to renew it next (or, granted locally, to ask the server again)
 * @param ttlSeconds  the server's lease lifetime (renewals come at half of it or each heartbeat)
 */
public record HeldLease(String sessionId, String productId, String enforcement, String leaseId, long pid,
                        long processStartedAt, String user, String executable, long renewAt, long ttlSeconds) {

    /** Granted locally while the server was unreachable; reconciled once it answers again. */
    public boolean local() {
        return leaseId == null;
    }

    HeldLease withServerLease(String id, long nextRenew, long ttl) {
        return new HeldLease(sessionId, productId, enforcement, id, pid, processStartedAt, user, executable, nextRenew,
                ttl);
    }

    HeldLease renewAt(long nextRenew) {
        return new HeldLease(sessionId, productId, enforcement, leaseId, pid, processStartedAt, user, executable,
                nextRenew, ttlSeconds);
    }
}
