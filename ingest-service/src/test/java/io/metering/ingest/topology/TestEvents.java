package io.metering.ingest.topology;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.metering.schemas.EventType;
import io.metering.schemas.UsageEvent;

/** Readable construction of usage events for tests: a device hands out seqs, a session script writes events. */
final class TestEvents {

    private TestEvents() {
    }

    static Device device(String tenant, String deviceId) {
        return new Device(tenant, deviceId);
    }

    static UsageEvent event(String tenant, String device, long seq, EventType type, String sessionId,
            String product, String user, Instant occurredAt) {
        return UsageEvent.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes((tenant + "/" + device + "/" + seq).getBytes(StandardCharsets.UTF_8)))
                .setTenantId(tenant).setDeviceId(device).setSeq(seq).setType(type)
                .setOccurredAt(occurredAt).setSessionId(sessionId).setProductId(product)
                .setExecutable(product == null ? "unknown.exe" : product + ".exe").setUser(user)
                .setPid(4242).setProcessStartedAt(null).setActiveSeconds(0).setIdleSeconds(0)
                .setAgentVersion("test").setAttributes(Map.of())
                .build();
    }

    /** A device: gives each event the next seq. */
    static final class Device {
        final String tenant;
        final String id;
        private long nextSeq = 1;

        Device(String tenant, String id) {
            this.tenant = tenant;
            this.id = id;
        }

        Session session(String sessionId, String product, String user) {
            return new Session(this, sessionId, product, user);
        }

        long nextSeq() {
            return nextSeq++;
        }
    }

    /** The events of one session of a device. */
    record Session(Device device, String sessionId, String product, String user) {

        String key() {
            return device.tenant + "/" + device.id + "/" + sessionId;
        }

        UsageEvent launch(Instant at) {
            return event(EventType.LAUNCH, at, 0, 0, null);
        }

        UsageEvent heartbeat(Instant at, int active, int idle) {
            return event(EventType.HEARTBEAT, at, active, idle, null);
        }

        UsageEvent heartbeat(Instant at, int active, int idle, Instant processStartedAt) {
            return event(EventType.HEARTBEAT, at, active, idle, processStartedAt);
        }

        UsageEvent exit(Instant at, int active, int idle) {
            return event(EventType.EXIT, at, active, idle, null);
        }

        UsageEvent event(EventType type, Instant at, int active, int idle, Instant processStartedAt) {
            UsageEvent e = TestEvents.event(device.tenant, device.id, device.nextSeq(), type, sessionId, product, user, at);
            e.setActiveSeconds(active);
            e.setIdleSeconds(idle);
            e.setProcessStartedAt(processStartedAt);
            return e;
        }
    }
}
