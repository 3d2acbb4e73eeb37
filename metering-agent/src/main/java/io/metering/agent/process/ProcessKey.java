package io.metering.agent.process;

import java.time.Instant;

/**
 * Identifies one process instance: a pid alone is reused by the OS, pid plus start time is not.
 */
public record ProcessKey(long pid, Instant startedAt) {
}
