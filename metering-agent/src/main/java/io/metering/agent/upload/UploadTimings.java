package io.metering.agent.upload;

/**
 * Where the upload loop spent its time: building (spool read, Avro, signature, the batch's bytes on
 * disk), waiting for answers, and persisting (the chain and window, freeing the spool), as milliseconds
 * per accepted batch. For the {@code replay} report and benchmarks.
 * Not thread-safe: written by the one upload thread, read after it finished.
 */
public final class UploadTimings {

    private long batches;
    private long buildNanos;
    private long awaitNanos;
    private long persistNanos;

    void built(long nanos) {
        buildNanos += nanos;
    }

    void awaited(long nanos) {
        awaitNanos += nanos;
    }

    void persisted(long nanos) {
        persistNanos += nanos;
    }

    void accepted() {
        batches++;
    }

    public long batches() {
        return batches;
    }

    /** Milliseconds per accepted batch, e.g. {@code per batch: build 4.1 ms, ...}. */
    public String perBatch() {
        double n = Math.max(1, batches);
        return String.format("per batch: build %.1f ms, waiting for answers %.1f ms, persist %.1f ms (%d batches)",
                buildNanos / n / 1e6, awaitNanos / n / 1e6, persistNanos / n / 1e6, batches);
    }
}
