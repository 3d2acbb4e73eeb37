package io.metering.agent.session;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.metering.schemas.EventType;

/**
 * An event of a session before the spool gives it its identity (tenant, device, seq, eventId).
 *
 * @param activeSeconds active seconds since the previous event of the session
 * @param idleSeconds   idle seconds since the previous event of the session
 */
public record SessionEvent(EventType type, Instant occurredAt, String sessionId, Optional<String> productId,
                           String executable, Optional<String> user, long pid, Optional<Instant> processStartedAt,
                           int activeSeconds, int idleSeconds, Map<String, String> attributes) {

    public SessionEvent {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
