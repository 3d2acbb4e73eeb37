package io.metering.e2e.scenario;

import java.time.Instant;
import java.util.UUID;

import io.metering.schemas.EventType;
import io.metering.schemas.UsageEvent;

/**
 * One generated usage event of a scenario, in the terms of DESIGN.md section 4. Immutable.
 *
 * @param user             null for a session without user
 * @param processStartedAt null unless the session starts with a HEARTBEAT
 */
public record UsageRecord(String device, long seq, String type, Instant occurredAt, String session, String product,
                          String user, int activeSeconds, int idleSeconds, Instant processStartedAt) {

    /** The event as the JSON import expects it (times ISO-8601 UTC). */
    public String toJson() {
        StringBuilder b = new StringBuilder(260);
        b.append("{\"deviceId\":\"").append(device).append("\",\"seq\":").append(seq)
                .append(",\"type\":\"").append(type).append("\",\"occurredAt\":\"").append(occurredAt)
                .append("\",\"sessionId\":\"").append(session).append("\",\"productId\":\"").append(product)
                .append("\",\"executable\":\"").append(product).append(".exe\"");
        if (user != null) {
            b.append(",\"user\":\"").append(user.replace("\\", "\\\\")).append('"');
        }
        if (processStartedAt != null) {
            b.append(",\"processStartedAt\":\"").append(processStartedAt).append('"');
        }
        return b.append(",\"activeSeconds\":").append(activeSeconds).append(",\"idleSeconds\":").append(idleSeconds)
                .append('}').toString();
    }

    /** The event as an agent sends it. */
    public UsageEvent toAvro(String tenant) {
        return UsageEvent.newBuilder().setEventId(UUID.nameUUIDFromBytes((device + "/" + seq).getBytes()))
                .setTenantId(tenant).setDeviceId(device).setSeq(seq).setType(EventType.valueOf(type))
                .setOccurredAt(occurredAt).setSessionId(session).setProductId(product)
                .setExecutable(product + ".exe").setUser(user).setProcessStartedAt(processStartedAt)
                .setActiveSeconds(activeSeconds).setIdleSeconds(idleSeconds).setAgentVersion("scenario").build();
    }
}
