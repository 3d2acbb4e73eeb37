package io.metering.agent.upload;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.metering.agent.spool.SpooledEvent;
import io.metering.schemas.Codecs;
import io.metering.schemas.EventBatch;
import io.metering.schemas.SignedBatch;
import io.metering.schemas.UsageEvent;

/**
 * Builds the bytes of one upload: the {@link EventBatch} encoded with {@code Codecs.EVENT_BATCH}, its
 * SHA-256, the device's signature over exactly those bytes, and the {@link SignedBatch} envelope
 * encoded with {@code Codecs.SIGNED_BATCH}. Thread-safe.
 */
public final class BatchBuilder {

    /** A built batch: what to persist and what to send. */
    public record Built(PendingBatch pending, byte[] signedBatch) {
    }

    private final String tenantId;
    private final String deviceId;
    private final BatchSigner signer;

    public BatchBuilder(String tenantId, String deviceId, BatchSigner signer) {
        this.tenantId = tenantId;
        this.deviceId = deviceId;
        this.signer = signer;
    }

    public Built build(long batchSeq, byte[] previousHash, Instant createdAt, List<SpooledEvent> events,
                       long evictedEvents, long unrecognisedLaunches) {
        List<UsageEvent> usage = new ArrayList<>(events.size());
        events.forEach(e -> usage.add(e.event()));
        Instant created = createdAt.truncatedTo(ChronoUnit.MILLIS);
        EventBatch batch = EventBatch.newBuilder()
                .setTenantId(tenantId)
                .setDeviceId(deviceId)
                .setBatchSeq(batchSeq)
                .setPreviousHash(ByteBuffer.wrap(previousHash))
                .setCreatedAt(created)
                .setEvents(usage)
                .setEvictedEvents(evictedEvents)
                .setUnrecognisedLaunches(unrecognisedLaunches)
                .build();
        byte[] encoded = Codecs.EVENT_BATCH.encode(batch);
        SignedBatch signed = SignedBatch.newBuilder()
                .setDeviceId(deviceId)
                .setBatch(ByteBuffer.wrap(encoded))
                .setAlgorithm(BatchSigner.ALGORITHM)
                .setSignature(ByteBuffer.wrap(signer.sign(encoded)))
                .build();
        PendingBatch pending = new PendingBatch(batchSeq, events.get(0).seq(), events.get(events.size() - 1).seq(),
                events.size(), HexFormat.of().formatHex(sha256(encoded)), evictedEvents, unrecognisedLaunches,
                created.toString(), HexFormat.of().formatHex(previousHash));
        return new Built(pending, Codecs.SIGNED_BATCH.encode(signed));
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
