package io.metering.ingest.topology;

/**
 * What sessionization forwards, already encoded, tagged with the topic it is routed to. The key
 * travels as the record key (bytes), headers as the record headers.
 * <p>
 * Immutable (the payload is never modified after creation) and thread-safe.
 *
 * @param kind    which output
 * @param payload encoded value; null only for a dead-lettered null value
 */
record Emission(Kind kind, byte[] payload) {

    /** The outputs of sessionization. */
    enum Kind { DEAD_LETTER, SESSION, MINUTE_DELTA }
}
