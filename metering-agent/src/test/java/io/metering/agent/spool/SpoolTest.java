package io.metering.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.config.Json;
import io.metering.agent.session.SessionEvent;
import io.metering.agent.testing.TestDevice;
import io.metering.schemas.EventType;
import io.metering.schemas.UsageEvent;

class SpoolTest {

    final ObjectMapper json = Json.newMapper();
    @TempDir
    Path dir;

    Spool open(long ackedSeq) throws IOException {
        return Spool.open(dir, 64 * 1024, 8 * 1024, ackedSeq, json);
    }

    static List<SessionEvent> drafts(int n) {
        List<SessionEvent> drafts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            drafts.add(TestDevice.event(EventType.HEARTBEAT, Instant.parse("2026-11-25T09:00:00Z").plusSeconds(i)));
        }
        return drafts;
    }

    List<Path> segments() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().startsWith("segment-")).sorted().toList();
        }
    }

    @Test
    void appendedEventsGetConsecutiveSeqsAndReadBackIdentical() throws Exception {
        try (Spool spool = open(0)) {
            List<UsageEvent> recorded = spool.append(drafts(3), "demo", "dev-1", "1.0");
            assertThat(recorded).extracting(UsageEvent::getSeq).containsExactly(1L, 2L, 3L);
            assertThat(spool.read(0, 10, 1 << 20)).extracting(SpooledEvent::event).isEqualTo(recorded);
            assertThat(spool.read(2, 10, 1 << 20)).extracting(SpooledEvent::seq).containsExactly(3L);
        }
    }

    @Test
    void replayedEventsKeepTheirIdsGetConsecutiveSeqsAndSurviveAReopen() throws Exception {
        List<java.util.UUID> ids = List.of(java.util.UUID.randomUUID(), java.util.UUID.randomUUID(),
                java.util.UUID.randomUUID());
        try (Spool spool = open(0)) {
            spool.append(drafts(1), "demo", "dev-1", "1.0");
            assertThat(spool.appendAllWithIds(drafts(3), ids, "demo", "dev-1", "1.0")).isEqualTo(4);
        }
        try (Spool spool = open(0)) {
            List<SpooledEvent> read = spool.read(1, 10, 1 << 20);
            assertThat(read).extracting(SpooledEvent::seq).containsExactly(2L, 3L, 4L);
            assertThat(read).extracting(e -> e.event().getEventId().toString())
                    .containsExactlyElementsOf(ids.stream().map(Object::toString).toList());
        }
    }

    @Test
    void seqContinuesAfterARestart() throws Exception {
        try (Spool spool = open(0)) {
            spool.append(drafts(5), "demo", "dev-1", "1.0");
        }
        try (Spool spool = open(0)) {
            assertThat(spool.append(drafts(1), "demo", "dev-1", "1.0").get(0).getSeq()).isEqualTo(6);
        }
    }

    @Test
    void seqContinuesEvenWhenEveryEventWasAcknowledgedAndDeleted() throws Exception {
        try (Spool spool = open(0)) {
            for (int i = 0; i < 20; i++) {
                spool.append(drafts(10), "demo", "dev-1", "1.0");
            }
            spool.acknowledge(200);
        }
        try (Spool spool = open(200)) {
            assertThat(spool.read(200, 10, 1 << 20)).isEmpty();
            assertThat(spool.append(drafts(1), "demo", "dev-1", "1.0").get(0).getSeq()).isEqualTo(201);
        }
    }

    @Test
    void aTornTailRecordIsTruncatedOnRecovery() throws Exception {
        try (Spool spool = open(0)) {
            spool.append(drafts(3), "demo", "dev-1", "1.0");
        }
        Path segment = segments().get(segments().size() - 1);
        long goodSize = Files.size(segment);
        Files.write(segment, new byte[] {0, 0, 1, 0, 1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        try (Spool spool = open(0)) {
            assertThat(Files.size(segment)).isEqualTo(goodSize);
            assertThat(spool.read(0, 10, 1 << 20)).extracting(SpooledEvent::seq).containsExactly(1L, 2L, 3L);
            assertThat(spool.append(drafts(1), "demo", "dev-1", "1.0").get(0).getSeq()).isEqualTo(4);
        }
    }

    @Test
    void aRecordWithABadCrcIsCutOffWithEverythingAfterIt() throws Exception {
        try (Spool spool = open(0)) {
            spool.append(drafts(3), "demo", "dev-1", "1.0");
        }
        Path segment = segments().get(0);
        long size = Files.size(segment);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(size - 5); // inside the payload of the last record
            int b = file.read();
            file.seek(size - 5);
            file.write(b ^ 0xFF);
        }
        try (Spool spool = open(0)) {
            assertThat(spool.read(0, 10, 1 << 20)).extracting(SpooledEvent::seq).containsExactly(1L, 2L);
            assertThat(spool.append(drafts(1), "demo", "dev-1", "1.0").get(0).getSeq()).isEqualTo(3);
        }
    }

    @Test
    void readsRespectTheEventAndByteLimits() throws Exception {
        try (Spool spool = open(0)) {
            spool.append(drafts(50), "demo", "dev-1", "1.0");
            assertThat(spool.read(0, 10, 1 << 20)).hasSize(10);
            List<SpooledEvent> small = spool.read(0, 1000, 1000);
            int bytes = small.stream().mapToInt(SpooledEvent::encodedSize).sum();
            assertThat(bytes).isLessThanOrEqualTo(1000);
            assertThat(small).isNotEmpty();
            assertThat(spool.read(45, 1000, 1 << 20)).extracting(SpooledEvent::seq)
                    .containsExactly(46L, 47L, 48L, 49L, 50L);
        }
    }

    @Test
    void whenFullTheOldestSegmentsAreEvictedAndTheirUnsentEventsCounted() throws Exception {
        long evicted;
        long last;
        try (Spool spool = open(0)) {
            for (int i = 0; i < 200; i++) {
                spool.append(drafts(5), "demo", "dev-1", "1.0");
            }
            last = spool.lastSeq();
            assertThat(spool.totalBytes()).isLessThanOrEqualTo(64 * 1024);
            evicted = spool.evictedTotal();
            List<SpooledEvent> remaining = new ArrayList<>();
            long after = 0;
            List<SpooledEvent> chunk;
            while (!(chunk = spool.read(after, 1000, 1 << 20)).isEmpty()) {
                remaining.addAll(chunk);
                after = chunk.get(chunk.size() - 1).seq();
            }
            assertThat(evicted).isPositive();
            assertThat(evicted + remaining.size()).isEqualTo(last);
            assertThat(remaining.get(0).seq()).isEqualTo(evicted + 1);
        }
        try (Spool spool = open(0)) {
            assertThat(spool.evictedTotal()).isEqualTo(evicted);
            assertThat(spool.lastSeq()).isEqualTo(last);
        }
    }

    @Test
    void acknowledgedEventsAreNotCountedAsEvicted() throws Exception {
        try (Spool spool = open(0)) {
            for (int i = 0; i < 200; i++) {
                spool.append(drafts(5), "demo", "dev-1", "1.0");
                spool.acknowledge(spool.lastSeq());
            }
            assertThat(spool.evictedTotal()).isZero();
        }
    }

    @Test
    void theInspectorCountsPendingEventsWithoutChangingTheSpool() throws Exception {
        try (Spool spool = open(0)) {
            spool.append(drafts(4), "demo", "dev-1", "1.0");
            SpoolInspector.Summary summary = SpoolInspector.inspect(dir, 1);
            assertThat(summary.pendingEvents()).isEqualTo(3);
            assertThat(summary.oldestPending()).contains(Instant.parse("2026-11-25T09:00:01Z"));
            assertThat(summary.lastSeq()).isEqualTo(4);
        }
    }
}
