package io.metering.agent.upload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.config.AtomicFiles;

/**
 * Batches the server refused for good, kept for people to inspect: the signed batch bytes in
 * {@code quarantine/batch-<batchSeq>.bin} and one JSON line per refusal in
 * {@code quarantine/quarantine.jsonl} with the reason and the server's answer.
 * Thread-safe for one writer.
 */
public final class Quarantine {

    private final Path dir;
    private final ObjectMapper json;

    public Quarantine(Path dir, ObjectMapper json) {
        this.dir = dir;
        this.json = json;
    }

    public void store(PendingBatch batch, byte[] signedBatch, int status, String body, String at) throws IOException {
        AtomicFiles.write(dir.resolve("batch-" + batch.batchSeq() + ".bin"), signedBatch);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("at", at);
        line.put("batchSeq", batch.batchSeq());
        line.put("firstSeq", batch.firstSeq());
        line.put("lastSeq", batch.lastSeq());
        line.put("events", batch.eventCount());
        line.put("reason", "http " + status);
        line.put("response", body);
        line.put("file", "batch-" + batch.batchSeq() + ".bin");
        appendLine(line);
    }

    /** Events the server rejected one by one inside an accepted batch (202 {@code rejected}). */
    public void rejectedEvents(PendingBatch batch, Object rejected, String at) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("at", at);
        line.put("batchSeq", batch.batchSeq());
        line.put("reason", "rejected events in an accepted batch");
        line.put("rejected", rejected);
        appendLine(line);
    }

    private void appendLine(Map<String, Object> line) throws IOException {
        Files.createDirectories(dir);
        byte[] bytes = (json.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("quarantine.jsonl"), bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.SYNC);
    }
}
