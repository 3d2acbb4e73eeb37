package io.metering.ingest.topology;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the events sent to the DLQ, by reason, across all stream threads of one instance; bind
 * {@link #count(DlqReason)} to a Micrometer {@code FunctionCounter} per reason.
 * <p>
 * Thread-safe: stream threads increment, any thread reads.
 */
public final class DlqCounters {

    private final Map<DlqReason, LongAdder> counts = new EnumMap<>(DlqReason.class);

    public DlqCounters() {
        for (DlqReason reason : DlqReason.values()) {
            counts.put(reason, new LongAdder());
        }
    }

    /** Events sent to the DLQ with this reason since this object was created. */
    public long count(DlqReason reason) {
        return counts.get(reason).sum();
    }

    void increment(DlqReason reason) {
        counts.get(reason).increment();
    }
}
