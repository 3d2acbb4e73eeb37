package io.metering.agent.spool;

import io.metering.schemas.UsageEvent;

/**
 * An event as recorded in the spool.
 *
 * @param encodedSize size of its Avro encoding, for batch sizing
 */
public record SpooledEvent(long seq, UsageEvent event, int encodedSize) {
}
