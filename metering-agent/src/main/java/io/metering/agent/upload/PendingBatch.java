package io.metering.agent.upload;

/**
 * A batch built and signed but not yet done. Persisted (in the list {@code upload/pending.json} plus the
 * signed bytes in {@code upload/pending-<batchSeq>.bin}) so a retry, even after a restart, sends exactly
 * the same bytes.
 *
 * @param hash         hex SHA-256 of the encoded EventBatch
 * @param previousHash hex SHA-256 the batch chains to (null in files written before it was recorded)
 */
public record PendingBatch(long batchSeq, long firstSeq, long lastSeq, int eventCount, String hash,
                           long evictedEvents, long unrecognisedLaunches, String createdAt, String previousHash) {
}
