package io.metering.ingest.events;

import java.util.List;

/** The answer to one batch: {@code {"accepted":N,"duplicates":N,"rejected":[{"index":i,"reason":".."}]}}. */
public record IngestResult(int accepted, int duplicates, List<Rejection> rejected) {

    /** Why the event at {@code index} of the batch was not accepted. */
    public record Rejection(int index, String reason) {
    }

    public boolean nothingValid() {
        return accepted == 0 && duplicates == 0;
    }
}
