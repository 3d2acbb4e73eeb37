package io.metering.ingest.topology;

/**
 * What one event of a session adds to one minute of its product: a LAUNCH and its active seconds,
 * by the minute of its {@code occurredAt}.
 * <p>
 * Immutable and thread-safe.
 *
 * @param productId     the event's product
 * @param minute        start of the UTC minute, epoch millis
 * @param launches      LAUNCH events
 * @param activeSeconds active seconds
 */
record MinuteContribution(String productId, long minute, int launches, long activeSeconds) {
}
