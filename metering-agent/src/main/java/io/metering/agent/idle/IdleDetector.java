package io.metering.agent.idle;

import java.time.Instant;
import java.util.Optional;

import io.metering.agent.process.ProcessKey;

/**
 * Tells whether the user of a process is idle. Sources per OS are listed in the README:
 * logind on Linux, {@code GetLastInputInfo} on Windows, IOKit {@code HIDIdleTime} on macOS,
 * with the process's CPU time as the fallback everywhere.
 */
public interface IdleDetector {

    /** Whether the process's user is idle now; empty when this source cannot tell. */
    Optional<Boolean> idle(ProcessKey process, Instant now);

    /** The process has exited: drop what is kept about it. */
    default void forget(ProcessKey process) {
    }
}
