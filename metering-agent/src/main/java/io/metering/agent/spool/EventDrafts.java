package io.metering.agent.spool;

import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.UUID;

import io.metering.agent.session.SessionEvent;
import io.metering.schemas.UsageEvent;

/** Turns a session event into the contract's {@link UsageEvent}. */
final class EventDrafts {

    private EventDrafts() {
    }

    static UsageEvent toUsageEvent(SessionEvent draft, UUID eventId, String tenantId, String deviceId, long seq,
                                   String agentVersion) {
        return UsageEvent.newBuilder()
                .setEventId(eventId)
                .setTenantId(tenantId)
                .setDeviceId(deviceId)
                .setSeq(seq)
                .setType(draft.type())
                .setOccurredAt(draft.occurredAt().truncatedTo(ChronoUnit.MILLIS))
                .setSessionId(draft.sessionId())
                .setProductId(draft.productId().orElse(null))
                .setExecutable(draft.executable())
                .setUser(draft.user().orElse(null))
                .setPid(draft.pid())
                .setProcessStartedAt(draft.processStartedAt().map(t -> t.truncatedTo(ChronoUnit.MILLIS)).orElse(null))
                .setActiveSeconds(draft.activeSeconds())
                .setIdleSeconds(draft.idleSeconds())
                .setAgentVersion(agentVersion)
                .setAttributes(new HashMap<>(draft.attributes()))
                .build();
    }
}
