package io.metering.agent.upload;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.spool.Spool;
import io.metering.agent.spool.SpooledEvent;

/**
 * The upload loop, one step at a time: keep up to {@code window} batches built, persisted and in flight,
 * wait for the first one's answer and act on the {@link UploadFailureClassifier}'s verdict.
 * <p>
 * Batches hold at most {@code maxEvents} events and {@code maxBytes} of encoded events. A built batch is
 * persisted before its first attempt, so every retry, also after a restart, sends identical bytes
 * (the server answers a resent last batch with 202 and all events as duplicates).
 * <p>
 * Chain: {@code previousHash} is the SHA-256 of the batch before it. The first batch in the window chains
 * to the last batch the server <em>accepted</em>; each further one to the batch before it in the window,
 * sent before that one is answered (ADR 0304: the server waits briefly for a missing predecessor, so
 * answers keep the chain's order). A speculative batch (sent while a predecessor was unanswered) that is
 * refused is simply sent again once it is first. A quarantined batch (permanent 4xx) is skipped: its
 * events count as done, its batchSeq is used up, the batches built after it are dropped and rebuilt to
 * chain to the last accepted one, so the server sees a gap in batchSeq with an intact hash chain. A
 * batch the server accepted after a refused predecessor proves the predecessor accepted earlier (a lost
 * answer before a crash), since it chains to the predecessor's bytes.
 * <p>
 * Not thread-safe: one upload thread calls {@link #step}.
 */
public final class Uploader {

    private static final Logger LOG = LoggerFactory.getLogger(Uploader.class);
    private static final int BATCH_OVERHEAD = 16 * 1024;

    /** Batches in flight at once by default: one answered while the next one travels. */
    public static final int DEFAULT_WINDOW = 3;

    /** What a step did and how long to wait before the next. */
    public record Step(Duration delay, boolean idle) {
    }

    /** A persisted batch of the window, its bytes and, once sent, its answer. */
    private static final class Slot {
        final PendingBatch batch;
        final byte[] bytes;
        CompletableFuture<SendResult> answer;
        boolean speculative;

        Slot(PendingBatch batch, byte[] bytes) {
            this.batch = batch;
            this.bytes = bytes;
        }
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
    private final int window;
    private final Deque<Slot> slots = new ArrayDeque<>();
    /**
     * Runs {@link #build} for the batch after the window and the writes of the chain while answers travel
     * (two tasks at once); null to do both on the upload thread when needed.
     */
    private final Executor background;
    private Ahead ahead;
    private CompletableFuture<Void> persisting;
    private final UploadTimings timings = new UploadTimings();
    private volatile UploadState state;
    private boolean tokenRefreshed;
    /** {@link #state} or {@link #slots} changed since the last {@link #persist}. */
    private boolean unsaved;
    /** Done batches whose bytes are removed once that is persisted. */
    private final List<PendingBatch> doneBytes = new ArrayList<>();

    public Uploader(Spool spool, UploadStore store, BatchBuilder builder, BatchSender sender, TokenProvider tokens,
                    UploadFailureClassifier classifier, Backoff backoff, Quarantine quarantine,
                    LongSupplier unrecognisedLaunches, ObjectMapper json, Clock clock, int maxEvents, int maxBytes,
                    Duration idleWait, int window, Executor background) throws IOException {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1");
        }
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
        this.window = window;
        this.background = background;
        this.state = store.state();
        recoverWindow();
        spool.acknowledge(state.ackedSeq());
    }

    /** Reloads the persisted batches still to send: drops those done and those whose chain link is stale. */
    private void recoverWindow() throws IOException {
        List<PendingBatch> persisted = store.pendingList();
        String expected = state.lastAcceptedHash();
        long lastSeq = state.lastBatchSeq();
        List<PendingBatch> kept = new ArrayList<>();
        for (PendingBatch p : persisted) {
            boolean done = p.batchSeq() <= state.lastBatchSeq();
            boolean linked = !done && p.batchSeq() > lastSeq
                    && (p.previousHash() == null ? kept.isEmpty() : p.previousHash().equals(expected));
            if (linked) { // a batch after a dropped one does not link either: it chains to the dropped one's hash
                try {
                    slots.add(new Slot(p, store.pendingBytes(p)));
                    kept.add(p);
                    expected = p.hash();
                    lastSeq = p.batchSeq();
                    continue;
                } catch (IOException missing) {
                    LOG.warn("Bytes of pending batch {} are unreadable; it is rebuilt", p.batchSeq());
                }
            }
            store.deleteBytes(p);
        }
        if (kept.size() != persisted.size()) {
            store.save(state, kept);
        }
    }

    public Step step() throws InterruptedException {
        try {
            fillWindow();
            startPersist();
            if (slots.isEmpty()) {
                awaitPersisted();
                return new Step(idleWait, true);
            }
            Slot head = slots.peekFirst();
            if (head.answer == null) {
                awaitPersisted();
                sendUnsent();
            }
            Answer answer = await(head); // the window's new batches are written meanwhile
            awaitPersisted();
            sendUnsent();
            return handle(head, answer);
        } catch (ClientCredentialsTokenProvider.TokenException e) {
            return retryLater("token: " + e.getMessage(), classifier.classify(e));
        } catch (IOException e) {
            return retryLater("io: " + e.getMessage(), classifier.classify(e));
        }
    }

    /**
     * Builds and persists batches from the spool until the window is full or the spool has no more, taking
     * the batch built ahead when it continues the window; then starts building the one after it.
     */
    private void fillWindow() throws IOException {
        while (slots.size() < window) {
            long started = System.nanoTime();
            BuildOrder order = nextOrder();
            Optional<BatchBuilder.Built> built = takeBuiltAhead(order);
            if (built == null) {
                built = build(order);
            }
            if (built.isEmpty()) {
                return;
            }
            slots.addLast(new Slot(built.get().pending(), built.get().signedBatch()));
            unsaved = true;
            timings.built(System.nanoTime() - started);
        }
        buildAhead();
    }

    /** What the batch after the current window is: from which seq, its number and chain link, counters so far. */
    private record BuildOrder(long afterSeq, long batchSeq, byte[] previousHash, long evictedBaseline,
                              long unrecognisedBaseline) {
    }

    private BuildOrder nextOrder() {
        Slot last = slots.peekLast();
        long evictedBaseline = state.evictedReported();
        long unrecognisedBaseline = state.unrecognisedReported();
        for (Slot s : slots) {
            evictedBaseline += s.batch.evictedEvents();
            unrecognisedBaseline += s.batch.unrecognisedLaunches();
        }
        return new BuildOrder(last == null ? state.ackedSeq() : last.batch.lastSeq(),
                (last == null ? state.lastBatchSeq() : last.batch.batchSeq()) + 1,
                last == null ? state.previousHash() : HexFormat.of().parseHex(last.batch.hash()),
                evictedBaseline, unrecognisedBaseline);
    }

    /** Reads, encodes, signs and forces the bytes of one batch; empty when the spool has nothing after the window. */
    private Optional<BatchBuilder.Built> build(BuildOrder order) throws IOException {
        List<SpooledEvent> events = spool.read(order.afterSeq(), maxEvents, maxBytes - BATCH_OVERHEAD);
        if (events.isEmpty()) {
            return Optional.empty();
        }
        long evicted = Math.max(0, spool.evictedTotal() - order.evictedBaseline());
        long unrecognised = Math.max(0, unrecognisedLaunches.getAsLong() - order.unrecognisedBaseline());
        BatchBuilder.Built built = builder.build(order.batchSeq(), order.previousHash(), clock.instant(), events,
                evicted, unrecognised);
        store.savePendingBytes(built.pending(), built.signedBatch());
        return Optional.of(built);
    }

    /** While the window travels, the next batch is built on the builder thread (if there is one). */
    private void buildAhead() {
        if (background == null || ahead != null) {
            return;
        }
        BuildOrder order = nextOrder();
        CompletableFuture<Optional<BatchBuilder.Built>> future = new CompletableFuture<>();
        background.execute(() -> {
            try {
                future.complete(build(order));
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        });
        ahead = new Ahead(order, future);
    }

    /** The batch built ahead if it is the one {@code order} asks for and holds events; else null. */
    private Optional<BatchBuilder.Built> takeBuiltAhead(BuildOrder order) throws IOException {
        Ahead taken = ahead;
        if (taken == null) {
            return null;
        }
        ahead = null;
        Optional<BatchBuilder.Built> built = join(taken);
        boolean same = taken.order().batchSeq() == order.batchSeq() && taken.order().afterSeq() == order.afterSeq()
                && java.util.Arrays.equals(taken.order().previousHash(), order.previousHash());
        return same && built.isPresent() ? built : null;
    }

    /** Waits for the batch being built ahead and forgets it (before its batchSeq is rebuilt differently). */
    private void discardBuiltAhead() throws IOException {
        Ahead taken = ahead;
        ahead = null;
        if (taken != null) {
            join(taken);
        }
    }

    private static Optional<BatchBuilder.Built> join(Ahead ahead) throws IOException {
        try {
            return ahead.future().join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    /** A batch being built ahead of the window. */
    private record Ahead(BuildOrder order, CompletableFuture<Optional<BatchBuilder.Built>> future) {
    }

    private List<PendingBatch> persistedList() {
        return slots.stream().map(s -> s.batch).toList();
    }

    private void sendUnsent() throws IOException, InterruptedException {
        boolean first = true;
        String token = null;
        for (Slot s : slots) {
            if (s.answer == null) {
                token = token == null ? tokens.token() : token;
                s.speculative = !first;
                s.answer = sender.sendAsync(s.bytes, token);
            }
            first = false;
        }
    }

    private Step handle(Slot head, Answer answer) throws IOException, InterruptedException {
        if (answer.error() != null) {
            return failed(head, "io: " + answer.error().getMessage(), classifier.classify(answer.error()));
        }
        SendResult result = answer.result();
        UploadFailureClassifier.Decision decision = classifier.classify(result.status(), result.retryAfter());
        String now = clock.instant().toString();
        if (decision.verdict() == Verdict.ACCEPTED) {
            accept(head, result, now);
            if (slots.isEmpty()) {
                persist(); // nothing else in flight: record it now rather than with the next batch
            }
            return new Step(Duration.ZERO, false);
        }
        if (head.speculative) {
            // refused while its predecessor was unanswered: now that it is first, send it again
            head.answer = null;
            return new Step(Duration.ZERO, false);
        }
        if (acceptedSuccessorProvesHeadAccepted(head, result, now)) {
            return new Step(Duration.ZERO, false);
        }
        return switch (decision.verdict()) {
            case QUARANTINE -> {
                quarantine.store(head.batch, head.bytes, result.status(), result.body(), now);
                awaitOthers();
                complete(state.quarantined(head.batch, "batch " + head.batch.batchSeq() + " quarantined: http "
                        + result.status(), now));
                dropWindowAfterQuarantine();
                LOG.warn("Batch {} refused with {}: quarantined ({} events)", head.batch.batchSeq(), result.status(),
                        head.batch.eventCount());
                yield new Step(Duration.ZERO, false);
            }
            case REFRESH_TOKEN -> {
                tokens.invalidate();
                if (!tokenRefreshed) {
                    tokenRefreshed = true;
                    awaitOthers();
                    resetAnswers();
                    yield new Step(Duration.ZERO, false);
                }
                yield failed(head, "http 401", UploadFailureClassifier.Decision.of(Verdict.RETRY));
            }
            default -> failed(head, "http " + result.status(), decision);
        };
    }

    private void accept(Slot head, SendResult result, String now) {
        complete(state.accepted(head.batch, now));
        timings.accepted();
        reportRejected(head.batch, result.body(), now);
        backoff.reset();
        tokenRefreshed = false;
        LOG.info("Batch {} accepted: events {}..{}", head.batch.batchSeq(), head.batch.firstSeq(), head.batch.lastSeq());
    }

    /**
     * The first batch was refused (typically {@code replayed_batch} after a restart that lost answers), but
     * a later batch of the window, which chains through it, was accepted: the server holds every batch up
     * to that one, so they are all done.
     */
    private boolean acceptedSuccessorProvesHeadAccepted(Slot head, SendResult result, String now)
            throws InterruptedException {
        if (slots.size() < 2 || result.status() != 409) {
            return false;
        }
        int lastAccepted = -1;
        int index = 0;
        for (Slot s : slots) {
            if (index > 0 && s.answer != null) {
                Answer a = await(s);
                if (a.result() != null && a.result().status() >= 200 && a.result().status() < 300) {
                    lastAccepted = index;
                }
            }
            index++;
        }
        if (lastAccepted < 0) {
            return false;
        }
        LOG.info("Batch {} was refused ({}) but batch {}, chained through it, was accepted: both are done",
                head.batch.batchSeq(), result.status(), head.batch.batchSeq() + lastAccepted);
        for (int i = 0; i < lastAccepted; i++) {
            complete(state.accepted(slots.peekFirst().batch, now));
            timings.accepted();
        }
        slots.peekFirst().speculative = false;
        return true;
    }

    private Step failed(Slot head, String reason, UploadFailureClassifier.Decision decision) {
        if (head.speculative) {
            head.answer = null;
            return new Step(Duration.ZERO, false);
        }
        awaitOthers();
        resetAnswers();
        return retryLater(reason, decision);
    }

    /**
     * The first batch is done: recorded with the next {@link #persist}, together with the batch built to
     * replace it (one write per batch); its bytes and spool events are freed after that write.
     */
    private void complete(UploadState next) {
        Slot done = slots.removeFirst();
        state = next;
        doneBytes.add(done.batch);
        unsaved = true;
    }

    /** Writes the chain and window if they changed, then frees what they no longer need. */
    private void persist() throws IOException {
        startPersist();
        awaitPersisted();
    }

    /**
     * Starts writing a snapshot of the chain and window if they changed (on the background executor when
     * there is one, so the write overlaps waiting for an answer); the spool and the done batches' bytes are
     * freed after the write. At most one write is under way.
     */
    private void startPersist() throws IOException {
        awaitPersisted();
        if (!unsaved) {
            return;
        }
        UploadState snapshot = state;
        List<PendingBatch> window = persistedList();
        List<PendingBatch> freed = List.copyOf(doneBytes);
        doneBytes.clear();
        unsaved = false;
        Runnable write = () -> {
            try {
                store.save(snapshot, window);
                for (PendingBatch done : freed) {
                    store.deleteBytes(done);
                }
                spool.acknowledge(snapshot.ackedSeq());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        persisting = background == null ? CompletableFuture.runAsync(write, Runnable::run)
                : CompletableFuture.runAsync(write, background);
    }

    /** Waits until the last started write is on disk; a failed write is tried again with the next one. */
    private void awaitPersisted() throws IOException {
        CompletableFuture<Void> writing = persisting;
        if (writing == null) {
            return;
        }
        long started = System.nanoTime();
        try {
            writing.join();
        } catch (java.util.concurrent.CompletionException e) {
            unsaved = true;
            throw e.getCause() instanceof java.io.UncheckedIOException io ? io.getCause()
                    : new IOException(String.valueOf(e.getCause()), e.getCause());
        } finally {
            persisting = null;
            timings.persisted(System.nanoTime() - started);
        }
    }

    /** The batches after a quarantined one chain to bytes the server never accepted: rebuild them. */
    private void dropWindowAfterQuarantine() throws IOException {
        discardBuiltAhead();
        doneBytes.addAll(slots.stream().map(s -> s.batch).toList());
        slots.clear();
        unsaved = true;
        persist(); // before rebuilt batches reuse the dropped batchSeqs' files
    }

    /** Waits for every answer still travelling (none is acted on), so a resend never overtakes it. */
    private void awaitOthers() {
        for (Slot s : slots) {
            if (s.answer != null) {
                s.answer.handle((r, e) -> null).join();
            }
        }
    }

    private void resetAnswers() {
        for (Slot s : slots) {
            s.answer = null;
        }
    }

    private record Answer(SendResult result, IOException error) {
    }

    private Answer await(Slot slot) throws InterruptedException {
        long started = System.nanoTime();
        try {
            return new Answer(slot.answer.get(), null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return new Answer(null, cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause));
        } finally {
            timings.awaited(System.nanoTime() - started);
        }
    }

    private Step retryLater(String reason, UploadFailureClassifier.Decision decision) {
        Duration wait = decision.delay().orElseGet(backoff::next);
        state = state.failed(reason, clock.instant().toString());
        unsaved = true;
        try {
            persist();
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

    /** Time spent per phase so far; read it from the upload thread or after it stopped. */
    public UploadTimings timings() {
        return timings;
    }

    /** Runs the current time through the clock; for progress lines. */
    public Instant now() {
        return clock.instant();
    }
}
