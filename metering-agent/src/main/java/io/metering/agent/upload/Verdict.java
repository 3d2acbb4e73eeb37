package io.metering.agent.upload;

/** What to do after an upload attempt. */
public enum Verdict {
    /** The server has the batch. */
    ACCEPTED,
    /** Try the same batch again after a backoff. */
    RETRY,
    /** Try the same batch again after the server's {@code Retry-After}. */
    RETRY_AFTER,
    /** Get a new token, then try again (once; then back off). */
    REFRESH_TOKEN,
    /** The server will never take this batch: quarantine it and go on. */
    QUARANTINE
}
