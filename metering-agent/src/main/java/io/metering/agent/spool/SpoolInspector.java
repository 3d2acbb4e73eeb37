package io.metering.agent.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.metering.schemas.Codecs;

/**
 * Reads a spool directory without changing it, for {@code status} while the agent runs: counts the
 * events not yet acknowledged and finds the oldest of them. A record being written is simply not seen.
 */
public final class SpoolInspector {

    /** What is waiting in the spool. */
    public record Summary(long pendingEvents, Optional<Instant> oldestPending, long bytes, int segments,
                          long lastSeq) {
    }

    private SpoolInspector() {
    }

    public static Summary inspect(Path dir, long ackedSeq) throws IOException {
        if (!Files.isDirectory(dir)) {
            return new Summary(0, Optional.empty(), 0, 0, ackedSeq);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().startsWith("segment-")).sorted().toList();
        }
        long pending = 0;
        long bytes = 0;
        long lastSeq = ackedSeq;
        Optional<Instant> oldest = Optional.empty();
        for (Path file : files) {
            try (SegmentReader reader = new SegmentReader(file, 0, Long.MAX_VALUE)) {
                Optional<SegmentReader.Entry> entry;
                while ((entry = reader.next()).isPresent()) {
                    SegmentReader.Entry e = entry.get();
                    lastSeq = Math.max(lastSeq, e.seq());
                    if (e.seq() > ackedSeq) {
                        pending++;
                        if (oldest.isEmpty()) {
                            oldest = Optional.of(Codecs.USAGE_EVENT.decode(e.payload()).getOccurredAt());
                        }
                    }
                }
                bytes += reader.validEnd();
            } catch (java.nio.file.NoSuchFileException e) {
                // deleted by the running agent while we looked
            }
        }
        return new Summary(pending, oldest, bytes, files.size(), lastSeq);
    }
}
