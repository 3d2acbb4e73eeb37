package io.metering.agent.upload;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.spool.Spool;
import io.metering.agent.spool.SpooledEvent;

/**
 * The upload loop, one step at a time: take the pending batch (or build the next one from the spool),
 * send it, and act on the {@link UploadFailureClassifier}'s verdict.
 * <p>
 * Batches hold at most {@code maxEvents} events and {@code maxBytes} of encoded events. A built batch is
 * persisted before its first attempt, so every retry, also after a restart, sends identical bytes
 * (the server answers a resent last batch with 202 and all events as duplicates).
 * <p>
 * Chain: {@code previousHash} is the SHA-256 of the last batch the server <em>accepted</em>. A
 * quarantined batch (permanent 4xx) is skipped: its events count as done, its batchSeq is used up, and
 * the next batch chains to the last accepted one, so the server sees a gap in batchSeq with an intact
 * hash chain.
 * <p>
 * Not thread-safe: one upload thread calls {@link #step}.
 */
public final class Uploader {

    private static final Logger LOG = LoggerFactory.getLogger(Uploader.class);
    private static final int BATCH_OVERHEAD = 16 * 1024;

    /** What a step did and how long to wait before the next. */
    public record Step(Duration delay, boolean idle) {
    }

    private final Spool spool;
    private final UploadStore store;
    private final BatchBuilder builder;
    private final BatchSender sender;
    private final TokenProvider tokens;
    private final UploadFailureClassifier classifier;
    private final Backoff backoff;
    private final Quarantine quarantine;
    private final LongSupplier unrecognisedLaunches;
    private final ObjectMapper json;
    private final Clock clock;
    private final int maxEvents;
    private final int maxBytes;
    private final Duration idleWait;
    private volatile UploadState state;
    private boolean tokenRefreshed;

    public Uploader(Spool spool, UploadStore store, BatchBuilder builder, BatchSender sender, TokenProvider tokens,
                    UploadFailureClassifier classifier, Backoff backoff, Quarantine quarantine,
                    LongSupplier unrecognisedLaunches, ObjectMapper json, Clock clock, int maxEvents, int maxBytes,
                    Duration idleWait) throws IOException {
        this.spool = spool;
        this.store = store;
        this.builder = builder;
        this.sender = sender;
        this.tokens = tokens;
        this.classifier = classifier;
        this.backoff = backoff;
        this.quarantine = quarantine;
        this.unrecognisedLaunches = unrecognisedLaunches;
        this.json = json;
        this.clock = clock;
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
        this.idleWait = idleWait;
        this.state = store.state();
        Optional<PendingBatch> stale = store.pending().filter(p -> p.batchSeq() <= state.lastBatchSeq());
        if (stale.isPresent()) {
            store.clearPending(stale.get());
        }
        spool.acknowledge(state.ackedSeq());
    }

    public Step step() throws InterruptedException {
        try {
            Optional<PendingBatch> pending = store.pending();
            if (pending.isEmpty()) {
                pending = buildNext();
            }
            if (pending.isEmpty()) {
                return new Step(idleWait, true);
            }
            return send(pending.get(), store.pendingBytes(pending.get()));
        } catch (IOException e) {
            return retryLater("io: " + e.getMessage(), classifier.classify(e));
        }
    }

    private Optional<PendingBatch> buildNext() throws IOException {
        List<SpooledEvent> events = spool.read(state.ackedSeq(), maxEvents, maxBytes - BATCH_OVERHEAD);
        if (events.isEmpty()) {
            return Optional.empty();
        }
        long evicted = Math.max(0, spool.evictedTotal() - state.evictedReported());
        long unrecognised = Math.max(0, unrecognisedLaunches.getAsLong() - state.unrecognisedReported());
        BatchBuilder.Built built = builder.build(state.lastBatchSeq() + 1, state.previousHash(), clock.instant(),
                events, evicted, unrecognised);
        store.savePending(built.pending(), built.signedBatch());
        return Optional.of(built.pending());
    }

    private Step send(PendingBatch batch, byte[] bytes) throws IOException, InterruptedException {
        SendResult result;
        try {
            result = sender.send(bytes, tokens.token());
        } catch (ClientCredentialsTokenProvider.TokenException e) {
            return retryLater("token: " + e.getMessage(), classifier.classify(e));
        }
        UploadFailureClassifier.Decision decision = classifier.classify(result.status(), result.retryAfter());
        String now = clock.instant().toString();
        switch (decision.verdict()) {
            case ACCEPTED -> {
                complete(state.accepted(batch, now), batch);
                reportRejected(batch, result.body(), now);
                backoff.reset();
                tokenRefreshed = false;
                LOG.info("Batch {} accepted: events {}..{}", batch.batchSeq(), batch.firstSeq(), batch.lastSeq());
                return new Step(Duration.ZERO, false);
            }
            case QUARANTINE -> {
                quarantine.store(batch, bytes, result.status(), result.body(), now);
                complete(state.quarantined(batch, "batch " + batch.batchSeq() + " quarantined: http "
                        + result.status(), now), batch);
                LOG.warn("Batch {} refused with {}: quarantined ({} events)", batch.batchSeq(), result.status(),
                        batch.eventCount());
                return new Step(Duration.ZERO, false);
            }
            case REFRESH_TOKEN -> {
                if (!tokenRefreshed) {
                    tokenRefreshed = true;
                    tokens.invalidate();
                    return new Step(Duration.ZERO, false);
                }
                tokens.invalidate();
                return retryLater("http 401", UploadFailureClassifier.Decision.of(Verdict.RETRY));
            }
            default -> {
                return retryLater("http " + result.status(), decision);
            }
        }
    }

    private void complete(UploadState next, PendingBatch batch) throws IOException {
        store.save(next);
        state = next;
        store.clearPending(batch);
        spool.acknowledge(next.ackedSeq());
    }

    private Step retryLater(String reason, UploadFailureClassifier.Decision decision) {
        Duration wait = decision.delay().orElseGet(backoff::next);
        state = state.failed(reason, clock.instant().toString());
        try {
            store.save(state);
        } catch (IOException e) {
            LOG.debug("Cannot record the upload error: {}", e.getMessage());
        }
        LOG.warn("Upload failed ({}), next attempt in {} ms", reason, wait.toMillis());
        return new Step(wait, false);
    }

    private void reportRejected(PendingBatch batch, String body, String now) {
        try {
            JsonNode answer = json.readTree(body == null || body.isBlank() ? "{}" : body);
            JsonNode rejected = answer.path("rejected");
            if (rejected.isArray() && rejected.size() > 0) {
                LOG.warn("Batch {}: the server rejected {} events", batch.batchSeq(), rejected.size());
                quarantine.rejectedEvents(batch, rejected, now);
            }
        } catch (IOException e) {
            LOG.debug("Unreadable 2xx body for batch {}: {}", batch.batchSeq(), e.getMessage());
        }
    }

    /** The persisted state as this uploader last saw it. */
    public UploadState state() {
        return state;
    }

    /** Runs the current time through the clock; for progress lines. */
    public Instant now() {
        return clock.instant();
    }
}
