package io.metering.schemas;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@link UsageEvent}'s Avro body in the field order of {@code UsageEvent.avsc}: the UUID as its
 * 36-character string, timestamps as epoch milliseconds, nullable fields as union index 0 (null) or 1
 * then the value, the enum as its symbol's index, the attributes as map blocks.
 */
final class UsageEventBody implements FastBody<UsageEvent> {

    static final UsageEventBody INSTANCE = new UsageEventBody();
    /** Of the current {@code UsageEvent.avsc}; SchemaCompatibilityTest fails when the schema changes. */
    static final long FINGERPRINT = 0xF080246E266C5EC2L;
    /** The fewest bytes an encoded event takes (its UUID string alone takes 37), for count checks. */
    static final int MIN_BYTES = 37;
    private static final EventType[] TYPES = EventType.values();
    /** {@link AvroIn#readString(int)} slots of the fields whose strings repeat from event to event. */
    static final int TENANT = 0;
    static final int DEVICE = 1;
    private static final int SESSION = 2;
    private static final int PRODUCT = 3;
    private static final int EXECUTABLE = 4;
    private static final int USER = 5;
    private static final int AGENT_VERSION = 6;

    private UsageEventBody() {
    }

    @Override
    public long schemaFingerprint() {
        return FINGERPRINT;
    }

    @Override
    public void write(UsageEvent e, AvroOut out) {
        out.writeUuid(e.getEventId());
        out.writeString(e.getTenantId());
        out.writeString(e.getDeviceId());
        out.writeLong(e.getSeq());
        out.writeInt(e.getType().ordinal());
        out.writeLong(e.getOccurredAt().toEpochMilli());
        out.writeString(e.getSessionId());
        writeNullable(e.getProductId(), out);
        out.writeString(e.getExecutable());
        writeNullable(e.getUser(), out);
        out.writeLong(e.getPid());
        if (e.getProcessStartedAt() == null) {
            out.writeInt(0);
        } else {
            out.writeInt(1);
            out.writeLong(e.getProcessStartedAt().toEpochMilli());
        }
        out.writeInt(e.getActiveSeconds());
        out.writeInt(e.getIdleSeconds());
        out.writeString(e.getAgentVersion());
        Map<String, String> attributes = e.getAttributes();
        if (!attributes.isEmpty()) {
            out.writeLong(attributes.size());
            attributes.forEach((key, value) -> {
                out.writeString(key);
                out.writeString(value);
            });
        }
        out.writeLong(0);
    }

    private static void writeNullable(String value, AvroOut out) {
        if (value == null) {
            out.writeInt(0);
        } else {
            out.writeInt(1);
            out.writeString(value);
        }
    }

    @Override
    public UsageEvent read(AvroIn in) {
        UUID eventId = uuid(in);
        String tenantId = in.readString(TENANT);
        String deviceId = in.readString(DEVICE);
        long seq = in.readLong();
        EventType type = TYPES[in.readIndex(TYPES.length, "EventType symbol")];
        Instant occurredAt = Instant.ofEpochMilli(in.readLong());
        String sessionId = in.readString(SESSION);
        String productId = readNullable(in, PRODUCT);
        String executable = in.readString(EXECUTABLE);
        String user = readNullable(in, USER);
        long pid = in.readLong();
        Instant processStartedAt = in.readIndex(2, "processStartedAt branch") == 0 ? null : Instant.ofEpochMilli(in.readLong());
        int activeSeconds = in.readInt();
        int idleSeconds = in.readInt();
        String agentVersion = in.readString(AGENT_VERSION);
        Map<String, String> attributes = Collections.emptyMap(); // agents rarely send any: no map per event
        for (int n = in.readBlockCount(2); n > 0; n = in.readBlockCount(2)) {
            if (attributes.isEmpty()) {
                attributes = new HashMap<>();
            }
            for (int i = 0; i < n; i++) {
                attributes.put(in.readString(), in.readString());
            }
        }
        return new UsageEvent(eventId, tenantId, deviceId, seq, type, occurredAt, sessionId, productId, executable, user,
                pid, processStartedAt, activeSeconds, idleSeconds, agentVersion, attributes);
    }

    private static String readNullable(AvroIn in, int field) {
        return in.readIndex(2, "union branch") == 0 ? null : in.readString(field);
    }

    private static UUID uuid(AvroIn in) {
        try {
            return in.readUuid();
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException("eventId is not a UUID: " + e.getMessage(), e);
        }
    }
}
