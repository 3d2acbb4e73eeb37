package io.metering.agent.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.config.AtomicFiles;
import io.metering.agent.session.SessionEvent;
import io.metering.schemas.Codecs;
import io.metering.schemas.UsageEvent;

/**
 * The durable, bounded, append-only event spool.
 * <p>
 * Events are appended to segment files {@code segment-<first seq>.log} as length-prefixed, CRC32C-checked
 * records (see {@link RecordFormat}); an {@link #append} writes all its events and forces them to disk
 * once (group commit) before it returns, and only then do they count as recorded. Each event gets the
 * next per-device {@code seq}; the highest seq is recovered at open from the last valid record, the
 * segment names and the checkpoint {@code spool-state.json}, so it survives restarts and is never reused.
 * <p>
 * Recovery truncates a torn or corrupt tail (a record whose CRC fails). The spool is bounded:
 * beyond {@code maxBytes}, whole segments are evicted oldest first, and the events in them that were
 * not yet acknowledged are counted ({@link #evictedTotal()}) for the next batch's {@code evictedEvents}.
 * Segments whose events are all acknowledged ({@link #acknowledge}) are deleted; the segment being
 * written is never deleted.
 * <p>
 * Thread-safe: every public method is synchronized (the poll thread appends, the upload thread reads
 * and acknowledges).
 */
public final class Spool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".log";

    private static final class Segment {
        final Path path;
        final long firstSeq;
        long lastSeq;
        long bytes;

        Segment(Path path, long firstSeq) {
            this.path = path;
            this.firstSeq = firstSeq;
            this.lastSeq = firstSeq - 1;
        }

        boolean isEmpty() {
            return lastSeq < firstSeq;
        }
    }

    /** Where the last read stopped, to avoid rescanning a segment from its start. */
    private record ReadHint(long firstSeqOfSegment, long afterSeq, long position) {
    }

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final ObjectMapper json;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private FileChannel active;
    private long lastSeq;
    private long ackedSeq;
    private long evictedTotal;
    private ReadHint hint;

    private Spool(Path dir, long maxBytes, long segmentBytes, ObjectMapper json) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.json = json;
    }

    /**
     * Opens (and recovers) the spool in {@code dir}.
     *
     * @param ackedSeq the highest seq the server has acknowledged, from the upload state
     */
    public static Spool open(Path dir, long maxBytes, long segmentBytes, long ackedSeq, ObjectMapper json)
            throws IOException {
        Files.createDirectories(dir);
        Spool spool = new Spool(dir, maxBytes, segmentBytes, json);
        spool.recover(ackedSeq);
        return spool;
    }

    private void recover(long acked) throws IOException {
        SpoolState state = SpoolState.load(stateFile(), json);
        evictedTotal = state.evictedTotal();
        lastSeq = Math.max(state.lastSeq(), acked);
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().startsWith(PREFIX)
                    && p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            Segment segment = new Segment(file, firstSeqOf(file));
            long end;
            boolean corrupt;
            try (SegmentReader reader = new SegmentReader(file, 0, Long.MAX_VALUE)) {
                Optional<SegmentReader.Entry> entry;
                while ((entry = reader.next()).isPresent()) {
                    segment.lastSeq = entry.get().seq();
                }
                end = reader.validEnd();
                corrupt = reader.stoppedAtCorruption();
            }
            if (corrupt) {
                LOG.warn("Spool segment {} has a torn or corrupt record at byte {}; truncating it there", file, end);
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(end);
                    channel.force(true);
                }
            }
            segment.bytes = end;
            lastSeq = Math.max(lastSeq, Math.max(segment.lastSeq, segment.firstSeq - 1));
            segments.addLast(segment);
        }
        this.ackedSeq = acked;
        if (segments.isEmpty()) {
            segments.addLast(newSegment(lastSeq + 1));
        }
        active = FileChannel.open(segments.peekLast().path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        deleteAcknowledged();
    }

    /**
     * Records the events: gives each its identity and seq, writes them and forces them to disk.
     *
     * @return the events as recorded, in order
     */
    public synchronized List<UsageEvent> append(List<SessionEvent> drafts, String tenantId, String deviceId,
                                                String agentVersion) throws IOException {
        List<UsageEvent> recorded = new ArrayList<>(drafts.size());
        for (SessionEvent draft : drafts) {
            UsageEvent event = EventDrafts.toUsageEvent(draft, UUID.randomUUID(), tenantId, deviceId, lastSeq + 1,
                    agentVersion);
            write(lastSeq + 1, Codecs.USAGE_EVENT.encode(event));
            lastSeq++;
            recorded.add(event);
        }
        if (!drafts.isEmpty()) {
            active.force(false);
            evictBeyondBound();
        }
        return recorded;
    }

    /** Appends an event that already has its identity (replay keeps a given eventId); the seq is set here. */
    public synchronized UsageEvent appendWithId(SessionEvent draft, UUID eventId, String tenantId, String deviceId,
                                                String agentVersion) throws IOException {
        UsageEvent event = EventDrafts.toUsageEvent(draft, eventId, tenantId, deviceId, lastSeq + 1, agentVersion);
        write(lastSeq + 1, Codecs.USAGE_EVENT.encode(event));
        lastSeq++;
        active.force(false);
        evictBeyondBound();
        return event;
    }

    /**
     * Appends events that already have their identity, all forced to disk once at the end (group commit,
     * as {@link #append}); {@code eventIds.get(i)} belongs to {@code drafts.get(i)}. Returns the last seq.
     */
    public synchronized long appendAllWithIds(List<SessionEvent> drafts, List<UUID> eventIds, String tenantId,
                                              String deviceId, String agentVersion) throws IOException {
        if (drafts.size() != eventIds.size()) {
            throw new IllegalArgumentException("one eventId per event");
        }
        for (int i = 0; i < drafts.size(); i++) {
            UsageEvent event = EventDrafts.toUsageEvent(drafts.get(i), eventIds.get(i), tenantId, deviceId,
                    lastSeq + 1, agentVersion);
            write(lastSeq + 1, Codecs.USAGE_EVENT.encode(event));
            lastSeq++;
        }
        if (!drafts.isEmpty()) {
            active.force(false);
            evictBeyondBound();
        }
        return lastSeq;
    }

    private void write(long seq, byte[] payload) throws IOException {
        Segment current = segments.peekLast();
        if (current.bytes >= segmentBytes && !current.isEmpty()) {
            active.force(false);
            active.close();
            current = newSegment(seq);
            segments.addLast(current);
            active = FileChannel.open(current.path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        ByteBuffer record = RecordFormat.encode(seq, payload);
        int size = record.remaining();
        while (record.hasRemaining()) {
            active.write(record);
        }
        current.bytes += size;
        current.lastSeq = seq;
    }

    private Segment newSegment(long firstSeq) throws IOException {
        Path path = dir.resolve(String.format("%s%020d%s", PREFIX, firstSeq, SUFFIX));
        Files.createFile(path);
        AtomicFiles.forceDirectory(dir);
        return new Segment(path, firstSeq);
    }

    private void evictBeyondBound() throws IOException {
        while (totalBytes() > maxBytes && segments.size() > 1) {
            Segment oldest = segments.peekFirst();
            long unsent = Math.max(0, oldest.lastSeq - Math.max(ackedSeq, oldest.firstSeq - 1));
            evictedTotal += unsent;
            new SpoolState(lastSeq, evictedTotal).save(stateFile(), json);
            segments.removeFirst();
            Files.deleteIfExists(oldest.path);
            LOG.warn("Spool full ({} bytes max): evicted segment {} with {} unsent events", maxBytes,
                    oldest.path.getFileName(), unsent);
        }
    }

    /**
     * Reads up to {@code maxEvents} recorded events with seq greater than {@code afterSeq}, whose encoded
     * size adds up to at most {@code maxBytes} (at least one event is returned if any exists).
     */
    public synchronized List<SpooledEvent> read(long afterSeq, int maxEvents, int maxBytes) throws IOException {
        List<SpooledEvent> result = new ArrayList<>();
        int bytes = 0;
        for (Segment segment : segments) {
            if (segment.lastSeq <= afterSeq || segment.isEmpty()) {
                continue;
            }
            long start = hint != null && hint.firstSeqOfSegment() == segment.firstSeq && hint.afterSeq() <= afterSeq
                    ? hint.position() : 0;
            try (SegmentReader reader = new SegmentReader(segment.path, start, segment.bytes)) {
                Optional<SegmentReader.Entry> entry;
                while ((entry = reader.next()).isPresent()) {
                    SegmentReader.Entry e = entry.get();
                    if (e.seq() <= afterSeq) {
                        hint = new ReadHint(segment.firstSeq, e.seq(), e.end());
                        continue;
                    }
                    if (result.size() >= maxEvents || (!result.isEmpty() && bytes + e.payload().length > maxBytes)) {
                        return result;
                    }
                    result.add(new SpooledEvent(e.seq(), Codecs.USAGE_EVENT.decode(e.payload()), e.payload().length));
                    bytes += e.payload().length;
                }
            }
        }
        return result;
    }

    /** The server has everything up to {@code seq}: delete segments that hold nothing newer. */
    public synchronized void acknowledge(long seq) throws IOException {
        ackedSeq = Math.max(ackedSeq, seq);
        deleteAcknowledged();
    }

    private void deleteAcknowledged() throws IOException {
        boolean deleted = false;
        while (segments.size() > 1 && segments.peekFirst().lastSeq <= ackedSeq) {
            Files.deleteIfExists(segments.removeFirst().path);
            deleted = true;
        }
        if (deleted) {
            new SpoolState(lastSeq, evictedTotal).save(stateFile(), json);
        }
    }

    /** The last seq handed out. */
    public synchronized long lastSeq() {
        return lastSeq;
    }

    /** Events evicted unsent since the spool was created (cumulative, persisted). */
    public synchronized long evictedTotal() {
        return evictedTotal;
    }

    /** Bytes on disk in segments. */
    public synchronized long totalBytes() {
        long total = 0;
        for (Segment segment : segments) {
            total += segment.bytes;
        }
        return total;
    }

    private Path stateFile() {
        return dir.resolve("spool-state.json");
    }

    private static long firstSeqOf(Path file) {
        String name = file.getFileName().toString();
        return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    }

    @Override
    public synchronized void close() throws IOException {
        active.force(false);
        active.close();
    }
}
