package io.metering.agent.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.session.SessionEvent;
import io.metering.schemas.EventType;

/**
 * Reads a JSON-lines file of events with the field names of DESIGN §4 and ISO-8601 UTC times. The
 * agent's own fields ({@code tenantId}, {@code deviceId}, {@code seq}) are ignored and filled as the
 * agent would; a valid {@code eventId} is kept, else one is generated. Blank lines and lines starting
 * with {@code #} are skipped.
 */
final class ReplayFile {

    /** One line of the file. */
    record Line(int number, SessionEvent event, UUID eventId) {
    }

    private ReplayFile() {
    }

    static List<Line> read(Path file, ObjectMapper json) throws IOException {
        List<Line> lines = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            String text;
            int number = 0;
            while ((text = reader.readLine()) != null) {
                number++;
                if (text.isBlank() || text.stripLeading().startsWith("#")) {
                    continue;
                }
                try {
                    lines.add(parse(number, json.readTree(text)));
                } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
                    throw new UsageException(file + ":" + number + ": " + e.getMessage());
                }
            }
        }
        return lines;
    }

    static Line parse(int number, JsonNode node) {
        EventType type = EventType.valueOf(required(node, "type"));
        Instant occurredAt = Instant.parse(required(node, "occurredAt"));
        String sessionId = required(node, "sessionId");
        Map<String, String> attributes = new HashMap<>();
        node.path("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
        SessionEvent event = new SessionEvent(type, occurredAt, sessionId, text(node, "productId"),
                text(node, "executable").orElse(""), text(node, "user"), node.path("pid").asLong(0),
                text(node, "processStartedAt").map(Instant::parse), node.path("activeSeconds").asInt(0),
                node.path("idleSeconds").asInt(0), attributes);
        UUID eventId = text(node, "eventId").flatMap(ReplayFile::uuid).orElseGet(UUID::randomUUID);
        return new Line(number, event, eventId);
    }

    private static String required(JsonNode node, String field) {
        return text(node, field).orElseThrow(() -> new IllegalArgumentException("missing field " + field));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    private static Optional<UUID> uuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
