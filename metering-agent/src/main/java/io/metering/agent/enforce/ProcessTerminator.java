package io.metering.agent.enforce;

import java.time.Instant;

/** Ends a process that was refused a seat under {@code deny}. */
public interface ProcessTerminator {

    /**
     * Asks the process {@code pid} that started at {@code startedAt} to end (SIGTERM or the OS's
     * equivalent) and ends it forcibly if it still runs after the grace. Returns false when the OS refused
     * the request (e.g. another user's process without the privilege); true when it was made or the
     * process is gone already.
     */
    boolean terminate(long pid, Instant startedAt);
}
