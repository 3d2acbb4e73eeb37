package io.metering.ingest.events;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.metering.schemas.EventType;
import io.metering.schemas.UsageEvent;

/**
 * Reads one event of the JSON form ({@code {"events":[{...}]}}, field names of DESIGN.md section 4,
 * times as ISO-8601 UTC strings) from a streaming parser into a {@link UsageEvent}, without building a
 * tree of the document (ADR 0814). The event's fields are first taken as they come, in any order
 * (a repeated field: the last one counts), and then checked in a fixed order, so an event with several
 * wrong fields is always rejected for the same one. A wrong type in one field rejects that event with
 * a reason instead of failing the whole batch; a document that is not JSON fails the whole batch
 * ({@link com.fasterxml.jackson.core.JsonProcessingException}).
 * <p>
 * Not thread-safe: one instance per request (it reuses its field slots from event to event).
 */
final class JsonEventReader {

    /** Generators of event ids, one per request thread (see {@link #randomEventId()}). */
    private static final ThreadLocal<SplittableRandom> RANDOM = ThreadLocal.withInitial(JsonEventReader::newRandom);

    private final Fields fields = new Fields();

    /** The event, or why it could not be read. */
    record Read(UsageEvent event, String problem) {
        static Read ok(UsageEvent event) {
            return new Read(event, null);
        }

        static Read problem(String problem) {
            return new Read(null, problem);
        }
    }

    /**
     * Reads the value at the parser's current token (an element of the events array) and leaves the
     * parser on that value's last token.
     */
    Read read(JsonParser p, String callerTenant) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return Read.problem("an event must be a JSON object");
        }
        fields.read(p);
        try {
            String eventId = fields.optionalText(Field.EVENT_ID);
            // the constructor, not Avro's builder (which checks and copies each field again): every
            // value below is checked already, and its arguments are read in this order, so an event with
            // several wrong fields is rejected for the first of them
            return Read.ok(new UsageEvent(
                    eventId == null ? randomEventId() : UUID.fromString(eventId),
                    orDefault(fields.optionalText(Field.TENANT_ID), callerTenant),
                    fields.requiredText(Field.DEVICE_ID),
                    fields.requiredLong(Field.SEQ),
                    type(fields.requiredText(Field.TYPE)),
                    instant(Field.OCCURRED_AT, fields.requiredText(Field.OCCURRED_AT)),
                    fields.requiredText(Field.SESSION_ID),
                    fields.optionalText(Field.PRODUCT_ID),
                    orDefault(fields.optionalText(Field.EXECUTABLE), ""),
                    fields.optionalText(Field.USER),
                    fields.optionalLong(Field.PID, 0),
                    instant(Field.PROCESS_STARTED_AT, fields.optionalText(Field.PROCESS_STARTED_AT)),
                    fields.seconds(Field.ACTIVE_SECONDS),
                    fields.seconds(Field.IDLE_SECONDS),
                    orDefault(fields.optionalText(Field.AGENT_VERSION), ""),
                    fields.attributes()));
        } catch (FieldException e) {
            return Read.problem(e.getMessage());
        } catch (IllegalArgumentException e) {
            return Read.problem("eventId is not a UUID");
        }
    }

    /** The fields of the event contract, by their JSON names. */
    private enum Field {
        EVENT_ID("eventId"), TENANT_ID("tenantId"), DEVICE_ID("deviceId"), SEQ("seq"), TYPE("type"),
        OCCURRED_AT("occurredAt"), SESSION_ID("sessionId"), PRODUCT_ID("productId"), EXECUTABLE("executable"),
        USER("user"), PID("pid"), PROCESS_STARTED_AT("processStartedAt"), ACTIVE_SECONDS("activeSeconds"),
        IDLE_SECONDS("idleSeconds"), AGENT_VERSION("agentVersion"), ATTRIBUTES("attributes");

        private static final Map<String, Field> BY_NAME = new HashMap<>();

        static {
            for (Field f : values()) {
                BY_NAME.put(f.json, f);
            }
        }

        final String json;

        Field(String json) {
            this.json = json;
        }
    }

    /** What a field held: absent or null, a string, a whole number (within long or not), or anything else. */
    private enum Kind { ABSENT, STRING, INT, LONG, BIG_INTEGER, OTHER }

    /** One event's fields as read, before any check: a slot per field, cleared for every event. */
    private static final class Fields {
        private final Kind[] kinds = new Kind[Field.values().length];
        private final String[] texts = new String[kinds.length];
        private final long[] numbers = new long[kinds.length];
        private Map<String, String> attributes;

        /** Reads the object at the parser's START_OBJECT up to its END_OBJECT. */
        void read(JsonParser p) throws IOException {
            Arrays.fill(kinds, Kind.ABSENT);
            attributes = null;
            String name;
            while ((name = p.nextFieldName()) != null) {
                Field field = Field.BY_NAME.get(name);
                JsonToken value = p.nextToken();
                if (field == null) {
                    p.skipChildren();
                } else if (field == Field.ATTRIBUTES) {
                    readAttributes(p, value);
                } else {
                    readScalar(p, field.ordinal(), value);
                }
            }
        }

        private void readScalar(JsonParser p, int slot, JsonToken value) throws IOException {
            switch (value) {
                case VALUE_NULL -> kinds[slot] = Kind.ABSENT;
                case VALUE_STRING -> {
                    kinds[slot] = Kind.STRING;
                    texts[slot] = p.getText();
                }
                case VALUE_NUMBER_INT -> {
                    JsonParser.NumberType type = p.getNumberType();
                    kinds[slot] = type == JsonParser.NumberType.INT ? Kind.INT
                            : type == JsonParser.NumberType.LONG ? Kind.LONG : Kind.BIG_INTEGER;
                    numbers[slot] = kinds[slot] == Kind.BIG_INTEGER ? 0 : p.getLongValue();
                }
                default -> {
                    kinds[slot] = Kind.OTHER;
                    p.skipChildren();
                }
            }
        }

        /** An object of strings, or null with the slot marked OTHER for anything else. */
        private void readAttributes(JsonParser p, JsonToken value) throws IOException {
            int slot = Field.ATTRIBUTES.ordinal();
            if (value == JsonToken.VALUE_NULL) {
                kinds[slot] = Kind.ABSENT;
                attributes = null;
                return;
            }
            if (value != JsonToken.START_OBJECT) {
                kinds[slot] = Kind.OTHER;
                p.skipChildren();
                return;
            }
            Map<String, String> read = new HashMap<>();
            boolean allStrings = true;
            String key;
            while ((key = p.nextFieldName()) != null) {
                if (p.nextToken() == JsonToken.VALUE_STRING) {
                    read.put(key, p.getText());
                } else {
                    allStrings = false;
                    p.skipChildren();
                }
            }
            kinds[slot] = allStrings ? Kind.STRING : Kind.OTHER;
            attributes = allStrings ? read : null;
        }

        String optionalText(Field field) {
            int slot = field.ordinal();
            return switch (kinds[slot]) {
                case ABSENT -> null;
                case STRING -> texts[slot];
                default -> throw new FieldException(field.json + " must be a string");
            };
        }

        String requiredText(Field field) {
            String value = optionalText(field);
            if (value == null) {
                throw new FieldException(field.json + " is required");
            }
            return value;
        }

        long requiredLong(Field field) {
            if (kinds[field.ordinal()] == Kind.ABSENT) {
                throw new FieldException(field.json + " is required");
            }
            return optionalLong(field, 0);
        }

        long optionalLong(Field field, long fallback) {
            int slot = field.ordinal();
            return switch (kinds[slot]) {
                case ABSENT -> fallback;
                case INT, LONG -> numbers[slot];
                default -> throw new FieldException(field.json + " must be a whole number");
            };
        }

        /** A whole number of seconds within int, 0 when absent. */
        int seconds(Field field) {
            int slot = field.ordinal();
            return switch (kinds[slot]) {
                case ABSENT -> 0;
                case INT -> (int) numbers[slot];
                default -> throw new FieldException(field.json + " must be a whole number of seconds");
            };
        }

        Map<String, String> attributes() {
            return switch (kinds[Field.ATTRIBUTES.ordinal()]) {
                case ABSENT -> Collections.emptyMap(); // read only: no map per event
                case STRING -> attributes;
                default -> throw new FieldException("attributes must be an object of strings");
            };
        }
    }

    /**
     * A random (version 4) UUID for an event sent without one. An event id must be unique, not secret
     * (events are identified by tenant, device and seq; the id only names one in logs and exports), so
     * it comes from a fast per-thread generator seeded from a strong one: a DRBG per UUID cost 6 % of a
     * request thread's time in a large import (ADR 0818).
     */
    private static UUID randomEventId() {
        SplittableRandom random = RANDOM.get();
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long lsb = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48); // IETF variant
        return new UUID(msb, lsb);
    }

    private static SplittableRandom newRandom() {
        return new SplittableRandom(new SecureRandom().nextLong());
    }

    private static Instant instant(Field field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return UtcTimes.parse(text);
        } catch (DateTimeParseException e) {
            throw new FieldException(field.json + " must be an ISO-8601 UTC time like 2026-11-02T09:15:00Z");
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

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static final class FieldException extends RuntimeException {
        FieldException(String message) {
            super(message, null, false, false);
        }
    }
}
