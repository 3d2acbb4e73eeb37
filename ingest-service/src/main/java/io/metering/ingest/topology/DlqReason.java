package io.metering.ingest.topology;

import java.nio.charset.StandardCharsets;

/** Why an event went to {@code metering.usage-events.dlq.v1}; {@link #header()} is the {@code reason} header. */
public enum DlqReason {
    /** The value is not a {@code UsageEvent} in single-object encoding of a published version. */
    UNPARSEABLE("unparseable"),
    /** Received more than the late horizon after it occurred. */
    TOO_LATE("too_late"),
    /** Occurred more than the future tolerance after it was received. */
    FUTURE("future"),
    /** Decodes, but breaks the event contract (blank ids, negative seconds, key mismatch...). */
    INVALID("invalid");

    /** Name of the header that carries the reason. */
    public static final String HEADER = "reason";

    private final String header;
    private final byte[] headerBytes;

    DlqReason(String header) {
        this.header = header;
        this.headerBytes = header.getBytes(StandardCharsets.UTF_8);
    }

    /** The header value, e.g. {@code too_late}. */
    public String header() {
        return header;
    }

    byte[] headerBytes() {
        return headerBytes.clone();
    }
}
