package io.metering.ingest.events;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.metering.schemas.EventType;
import io.metering.schemas.UsageEvent;

/**
 * Reads one event of the JSON form ({@code {"events":[{...}]}}, field names of DESIGN.md section 4,
 * times as ISO-8601 UTC strings) into a {@link UsageEvent}. A wrong type in one field rejects that
 * event with a reason instead of failing the whole batch. Stateless and thread-safe.
 */
public final class JsonEventReader {

    /** Generators of event ids, one per request thread (see {@link #randomEventId()}). */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(JsonEventReader::newRandom);

    /** The event, or why it could not be read. */
    public record Read(UsageEvent event, String problem) {
        static Read ok(UsageEvent event) {
            return new Read(event, null);
        }

        static Read problem(String problem) {
            return new Read(null, problem);
        }
    }

    public Read read(JsonNode node, String callerTenant) {
        if (node == null || !node.isObject()) {
            return Read.problem("an event must be a JSON object");
        }
        try {
            String eventId = optionalText(node, "eventId");
            UsageEvent.Builder b = UsageEvent.newBuilder()
                    .setEventId(eventId == null ? randomEventId() : UUID.fromString(eventId))
                    .setTenantId(orDefault(optionalText(node, "tenantId"), callerTenant))
                    .setDeviceId(requiredText(node, "deviceId"))
                    .setSeq(requiredLong(node, "seq"))
                    .setType(type(requiredText(node, "type")))
                    .setOccurredAt(instant(node, "occurredAt", true))
                    .setSessionId(requiredText(node, "sessionId"))
                    .setProductId(optionalText(node, "productId"))
                    .setExecutable(orDefault(optionalText(node, "executable"), ""))
                    .setUser(optionalText(node, "user"))
                    .setPid(optionalLong(node, "pid", 0))
                    .setProcessStartedAt(instant(node, "processStartedAt", false))
                    .setActiveSeconds(intValue(node, "activeSeconds"))
                    .setIdleSeconds(intValue(node, "idleSeconds"))
                    .setAgentVersion(orDefault(optionalText(node, "agentVersion"), ""))
                    .setAttributes(attributes(node));
            return Read.ok(b.build());
        } catch (FieldException e) {
            return Read.problem(e.getMessage());
        } catch (IllegalArgumentException e) {
            return Read.problem("eventId is not a UUID");
        }
    }

    /**
     * A random (version 4) UUID for an event sent without one. Like {@link UUID#randomUUID()}, from a
     * cryptographically strong generator, but one per thread: the JDK's shared one serializes the
     * request threads of a large import on one lock.
     */
    private static UUID randomEventId() {
        byte[] bytes = new byte[16];
        RANDOM.get().nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (bytes[i] & 0xff);
            lsb = (lsb << 8) | (bytes[i + 8] & 0xff);
        }
        return new UUID(msb, lsb);
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    private static String requiredText(JsonNode node, String field) {
        String value = optionalText(node, field);
        if (value == null) {
            throw new FieldException(field + " is required");
        }
        return value;
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new FieldException(field + " must be a string");
        }
        return value.textValue();
    }

    private static long requiredLong(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new FieldException(field + " is required");
        }
        return longValue(value, field);
    }

    private static long optionalLong(JsonNode node, String field, long fallback) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? fallback : longValue(value, field);
    }

    private static long longValue(JsonNode value, String field) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new FieldException(field + " must be a whole number");
        }
        return value.longValue();
    }

    private static int intValue(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new FieldException(field + " must be a whole number of seconds");
        }
        return value.intValue();
    }

    private static Instant instant(JsonNode node, String field, boolean required) {
        String text = required ? requiredText(node, field) : optionalText(node, field);
        if (text == null) {
            return null;
        }
        try {
            return UtcTimes.parse(text);
        } catch (DateTimeParseException e) {
            throw new FieldException(field + " must be an ISO-8601 UTC time like 2026-11-02T09:15:00Z");
        }
    }

    private static EventType type(String text) {
        try {
            EventType type = EventType.valueOf(text);
            if (type == EventType.UNKNOWN) {
                throw new IllegalArgumentException();
            }
            return type;
        } catch (IllegalArgumentException e) {
            throw new FieldException("type must be one of LAUNCH, HEARTBEAT, EXIT, DENIED");
        }
    }

    private static Map<String, String> attributes(JsonNode node) {
        JsonNode value = node.get("attributes");
        Map<String, String> attributes = new HashMap<>();
        if (value == null || value.isNull()) {
            return attributes;
        }
        if (!value.isObject()) {
            throw new FieldException("attributes must be an object of strings");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw new FieldException("attributes must be an object of strings");
            }
            attributes.put(entry.getKey(), entry.getValue().textValue());
        }
        return attributes;
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static final class FieldException extends RuntimeException {
        FieldException(String message) {
            super(message, null, false, false);
        }
    }
}
