package io.metering.agent.process;

import java.time.Instant;
import java.util.Optional;

/**
 * What the agent knows about one running process.
 *
 * @param pid        the OS process id
 * @param startedAt  when the process started (from the OS; the epoch if unknown)
 * @param user       the owning user, if the OS tells
 * @param executable the full path of the executable, or the best name available
 */
public record ProcessSnapshot(long pid, Instant startedAt, Optional<String> user, String executable) {

    public ProcessKey key() {
        return new ProcessKey(pid, startedAt);
    }
}
