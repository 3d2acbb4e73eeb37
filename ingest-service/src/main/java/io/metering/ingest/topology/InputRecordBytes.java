package io.metering.ingest.topology;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;

/**
 * Lets go of the raw bytes of the input record being processed, which Kafka Streams keeps in the
 * record context for its processing-exception handler (KIP-1034). Every record-cache entry written
 * while the record is processed copies that context, raw bytes included, and the cache's size bound
 * does not count them: a cached seq block or session state kept a whole device-events record (up to
 * 512 KB) alive until the entry was evicted, and the ingest heap's live set grew to hundreds of MB
 * during large imports, with full collections (ADR 0816). The topology configures no processing-exception
 * handler, so nothing reads those bytes; Streams itself drops them once the record is sent on.
 * <p>
 * Uses the Streams-internal context where it is one (it always is at run time, and in
 * {@code TopologyTestDriver}); elsewhere it does nothing. Stateless and thread-safe.
 */
final class InputRecordBytes {

    private InputRecordBytes() {
    }

    /** Call at the start of {@code process}, after the record's value has been read or kept. */
    static void release(ProcessorContext<?, ?> context) {
        if (context instanceof InternalProcessorContext<?, ?> internal && internal.recordContext() != null) {
            internal.recordContext().freeRawRecord();
        }
    }
}
