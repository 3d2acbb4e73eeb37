package io.metering.ingest.events;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.metering.ingest.error.ApiException;

/**
 * Reads a JSON import, {@code {"events":[{...}, ...]}}, event by event from the request body with a
 * streaming parser (ADR 0814): no tree of the document is built. Other top-level fields are ignored;
 * of a repeated {@code events} field the last one counts. Each element becomes a candidate, read or
 * with the reason it could not be read ({@link JsonEventReader}).
 * <p>
 * Thread-safe (the factory is; every call has its own parser and event reader).
 */
final class JsonBatchReader {

    private static final String SHAPE = "The body must be {\"events\":[{...}, ...]}";

    private final JsonFactory factory;

    /** @param factory the application's JSON factory, so that its read limits (nesting, lengths) apply */
    JsonBatchReader(JsonFactory factory) {
        this.factory = factory;
    }

    /**
     * The candidates of the body; 400 {@code malformed_batch} when it is not an object with an
     * {@code events} array, and a {@link com.fasterxml.jackson.core.JsonProcessingException} (400
     * {@code malformed_json}) when it is not JSON.
     */
    List<Ingestor.Candidate> read(InputStream body, String tenant) throws IOException {
        try (JsonParser p = factory.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ApiException.BadRequest("malformed_batch", SHAPE);
            }
            List<Ingestor.Candidate> candidates = null;
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken value = p.nextToken();
                if (!"events".equals(name)) {
                    p.skipChildren();
                } else if (value == JsonToken.START_ARRAY) {
                    candidates = events(p, tenant);
                } else {
                    candidates = null; // a later "events" that is not an array replaces an earlier one
                    p.skipChildren();
                }
            }
            if (candidates == null) {
                throw new ApiException.BadRequest("malformed_batch", SHAPE);
            }
            return candidates;
        }
    }

    private static List<Ingestor.Candidate> events(JsonParser p, String tenant) throws IOException {
        JsonEventReader reader = new JsonEventReader();
        List<Ingestor.Candidate> candidates = new ArrayList<>();
        JsonToken next;
        while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
            if (next == null) {
                throw new ApiException.BadRequest("malformed_json", "The body ends inside the events array");
            }
            JsonEventReader.Read read = reader.read(p, tenant);
            candidates.add(new Ingestor.Candidate(read.event(), read.problem()));
        }
        return candidates;
    }
}
