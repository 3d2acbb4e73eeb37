package io.metering.ingest.device;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.metering.ingest.error.ApiException;
import io.metering.ingest.events.IngestResult;
import io.metering.ingest.events.Ingestor;
import io.metering.ingest.ratelimit.RateLimiter;
import io.metering.schemas.Codecs;
import io.metering.schemas.EventBatch;
import io.metering.schemas.InvalidMessageException;
import io.metering.schemas.SignedBatch;
import io.metering.schemas.UsageEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Accepts an agent's signed batch: the device must be enrolled in the caller's tenant and not revoked,
 * the Ed25519 signature must cover the batch bytes, and the batch must continue the device's chain
 * (higher batchSeq, previousHash = hash of the last accepted batch). The signature and the batch are
 * checked before the device row is locked; the row is locked while the chain is checked and the batch
 * is written to Kafka, so batches of one device are accepted one at a time and in order.
 * <p>
 * A batch that repeats the last accepted one exactly (an agent retrying after a lost answer) is
 * answered 202 with every event counted as a duplicate. A batch after a gap in batchSeq whose
 * previousHash is not the last accepted batch may chain to a batch still in flight (agents keep two in
 * flight, ADR 0304): it is retried for up to {@code metering.ingest.predecessor-wait} (default 2 s)
 * before it is refused with {@code chain_broken}. Thread-safe.
 */
@ApplicationScoped
public class BatchVerifier {

    private final DataSource dataSource;
    private final DeviceRepository devices;
    private final RateLimiter rateLimiter;
    private final Timer batchTime;
    private final Duration predecessorWait;

    @Inject
    public BatchVerifier(DataSource dataSource, DeviceRepository devices, RateLimiter rateLimiter, MeterRegistry registry,
                         @ConfigProperty(name = "metering.ingest.predecessor-wait", defaultValue = "2s")
                         Duration predecessorWait) {
        this.dataSource = dataSource;
        this.predecessorWait = predecessorWait;
        this.devices = devices;
        this.rateLimiter = rateLimiter;
        this.batchTime = Timer.builder("metering.ingest.signed.batch")
                .description("Server time of one signed agent batch: decode, lock, verify, validate, produce, commit")
                .register(registry);
    }

    public IngestResult ingestSigned(byte[] body, String tenant, Ingestor ingestor) {
        long start = System.nanoTime();
        try {
            return ingestTimed(body, tenant, ingestor);
        } finally {
            batchTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private IngestResult ingestTimed(byte[] body, String tenant, Ingestor ingestor) {
        SignedBatch signed = decode(() -> Codecs.SIGNED_BATCH.decode(body), "SignedBatch");
        byte[] batchBytes = bytes(signed.getBatch());
        if (!"Ed25519".equals(signed.getAlgorithm())) {
            throw new ApiException.BadRequest("bad_algorithm", "Batches are signed with Ed25519");
        }
        rateLimiter.admitBatch(tenant, signed.getDeviceId());
        EventBatch batch = verified(signed, batchBytes, tenant);
        long deadline = System.nanoTime() + predecessorWait.toNanos();
        long pause = 2;
        while (true) {
            try {
                return ingestInTransaction(signed, batch, batchBytes, tenant, ingestor);
            } catch (PredecessorMissing e) {
                if (System.nanoTime() >= deadline) {
                    throw e.refusal();
                }
                sleep(pause);
                pause = Math.min(pause * 2, 25);
            }
        }
    }

    /**
     * Checks what needs no lock: the device is enrolled in the caller's tenant and not revoked (checked
     * again under the lock), the signature covers the batch bytes, the batch decodes and names its signer.
     * Done before the device row is locked, so a device's batches in flight are verified in parallel.
     */
    private EventBatch verified(SignedBatch signed, byte[] batchBytes, String tenant) {
        DeviceRepository.ChainState device;
        try (Connection c = dataSource.getConnection()) {
            device = devices.find(c, tenant, signed.getDeviceId()).orElseThrow(() -> unknownDevice(signed));
        } catch (SQLException e) {
            throw storeFailure(e);
        }
        if (device.revoked()) {
            throw revoked(device);
        }
        if (!DeviceKeys.verify(device.publicKey(), batchBytes, bytes(signed.getSignature()))) {
            throw new ApiException.Forbidden("bad_signature", "The signature does not match the device's key");
        }
        EventBatch batch = decode(() -> Codecs.EVENT_BATCH.decode(batchBytes), "EventBatch");
        if (!batch.getDeviceId().equals(device.deviceId()) || !batch.getTenantId().equals(tenant)) {
            throw new ApiException.Forbidden("wrong_device", "The batch names another device or tenant than its signer");
        }
        return batch;
    }

    /** A device id or agent text the database will not store is the caller's error (400); anything else a 503. */
    private static ApiException storeFailure(SQLException e) {
        return ApiException.refusedText(e).orElseGet(() ->
                new ApiException.TryLater(503, "store_unavailable", "Device registry unavailable; retry the batch", 5));
    }

    private static ApiException unknownDevice(SignedBatch signed) {
        return new ApiException.Forbidden("unknown_device",
                "Device '" + abbreviate(signed.getDeviceId()) + "' is not enrolled in your tenant");
    }

    private static ApiException revoked(DeviceRepository.ChainState device) {
        return new ApiException.Forbidden("revoked_device", "Device " + device.deviceId() + " is revoked");
    }

    private IngestResult ingestInTransaction(SignedBatch signed, EventBatch batch, byte[] batchBytes, String tenant,
                                             Ingestor ingestor) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                IngestResult result = ingestLocked(c, signed, batch, batchBytes, tenant, ingestor);
                c.commit();
                return result;
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw storeFailure(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException.TryLater(503, "interrupted", "Interrupted while waiting; retry the batch", 1);
        }
    }

    /**
     * The batch chains to a batch this device has not delivered yet but may have in flight (its batchSeq
     * leaves a gap): worth waiting a moment before refusing it (the agent keeps two batches in flight).
     */
    private static final class PredecessorMissing extends RuntimeException {
        private final ApiException refusal;

        PredecessorMissing(ApiException refusal) {
            super(null, null, false, false);
            this.refusal = refusal;
        }

        ApiException refusal() {
            return refusal;
        }
    }

    private IngestResult ingestLocked(Connection c, SignedBatch signed, EventBatch batch, byte[] batchBytes,
                                      String tenant, Ingestor ingestor) throws SQLException {
        DeviceRepository.ChainState device = devices.lockForBatch(c, tenant, signed.getDeviceId())
                .orElseThrow(() -> unknownDevice(signed));
        if (device.revoked()) {
            throw revoked(device);
        }
        byte[] hash = DeviceKeys.sha256(batchBytes);
        if (batch.getBatchSeq() == device.lastBatchSeq() && MessageDigest.isEqual(hash, device.lastBatchHash())) {
            return new IngestResult(0, batch.getEvents().size(), List.of());
        }
        if (batch.getBatchSeq() <= device.lastBatchSeq()) {
            throw new ApiException.Conflict("replayed_batch", "batchSeq " + batch.getBatchSeq()
                    + " is not after the last accepted batch " + device.lastBatchSeq());
        }
        if (!MessageDigest.isEqual(bytes(batch.getPreviousHash()), device.expectedPreviousHash())) {
            ApiException refusal = new ApiException.Conflict("chain_broken",
                    "previousHash is not the hash of the last accepted batch " + device.lastBatchSeq());
            throw batch.getBatchSeq() > device.lastBatchSeq() + 1 ? new PredecessorMissing(refusal) : refusal;
        }
        List<Ingestor.Candidate> candidates = new ArrayList<>(batch.getEvents().size());
        for (UsageEvent event : batch.getEvents()) {
            candidates.add(new Ingestor.Candidate(event, null));
        }
        IngestResult result = ingestor.ingest(candidates, tenant, Optional.of(device.deviceId()));
        devices.recordBatch(c, tenant, device.deviceId(), batch.getBatchSeq(), hash, batch.getEvictedEvents(),
                agentVersion(batch));
        return result;
    }

    private static String agentVersion(EventBatch batch) {
        String version = batch.getEvents().isEmpty() ? null : batch.getEvents().get(batch.getEvents().size() - 1).getAgentVersion();
        // the last event may be one the validator rejected: a NUL would fail the device update (and the batch) for good
        return version == null || version.length() > 64 || version.chars().anyMatch(c -> c < 0x20) ? null : version;
    }

    private static <T> T decode(java.util.function.Supplier<T> decoder, String what) {
        try {
            return decoder.get();
        } catch (InvalidMessageException e) {
            throw new ApiException.BadRequest("malformed_batch", e.getMessage());
        }
    }

    static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
