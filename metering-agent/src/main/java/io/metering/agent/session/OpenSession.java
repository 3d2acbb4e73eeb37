package io.metering.agent.session;

import java.time.Instant;
import java.util.Optional;

/**
 * A session as persisted between agent runs: enough to continue it after a restart.
 *
 * @param accountedUntil the instant up to which its time has been reported in events
 */
public record OpenSession(String sessionId, long pid, Instant processStartedAt, String productId,
                          String executable, Optional<String> user, Instant accountedUntil) {
}
