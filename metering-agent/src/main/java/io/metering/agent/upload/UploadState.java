package io.metering.agent.upload;

import java.util.HexFormat;

/**
 * The upload cursor and batch chain ({@code upload/chain.json}), replaced atomically; writing it is the
 * moment a batch counts as done.
 *
 * @param ackedSeq              events up to this seq are done (accepted or quarantined); never resent
 * @param lastBatchSeq          the last batch that is done (accepted or quarantined)
 * @param lastAcceptedHash      hex SHA-256 of the encoded EventBatch the server last accepted
 *                              (64 zeros before the first), the next batch's {@code previousHash}
 * @param evictedReported       evicted-event count already reported to the server (cumulative)
 * @param unrecognisedReported  unrecognised-launch count already reported (cumulative)
 * @param lastUploadAt          ISO-8601 time of the last accepted batch, or null
 * @param lastError             the last failure, or null after a success
 * @param lastErrorAt           ISO-8601 time of that failure, or null
 */
public record UploadState(long ackedSeq, long lastBatchSeq, String lastAcceptedHash, long evictedReported,
                          long unrecognisedReported, String lastUploadAt, String lastError, String lastErrorAt) {

    public static final String ZERO_HASH = "0".repeat(64);

    public static UploadState initial() {
        return new UploadState(0, 0, ZERO_HASH, 0, 0, null, null, null);
    }

    public byte[] previousHash() {
        return HexFormat.of().parseHex(lastAcceptedHash);
    }

    UploadState accepted(PendingBatch batch, String at) {
        return new UploadState(Math.max(ackedSeq, batch.lastSeq()), batch.batchSeq(), batch.hash(),
                evictedReported + batch.evictedEvents(), unrecognisedReported + batch.unrecognisedLaunches(), at,
                null, null);
    }

    UploadState quarantined(PendingBatch batch, String reason, String at) {
        return new UploadState(Math.max(ackedSeq, batch.lastSeq()), batch.batchSeq(), lastAcceptedHash,
                evictedReported, unrecognisedReported, lastUploadAt, reason, at);
    }

    UploadState failed(String reason, String at) {
        return new UploadState(ackedSeq, lastBatchSeq, lastAcceptedHash, evictedReported, unrecognisedReported,
                lastUploadAt, reason, at);
    }
}
