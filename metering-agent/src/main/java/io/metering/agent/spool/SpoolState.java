package io.metering.agent.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.config.AtomicFiles;

/**
 * The spool's checkpoint ({@code spool/spool-state.json}), written atomically: the highest seq ever
 * handed out (so seqs are never reused, even when every segment is gone) and the cumulative number of
 * events evicted unsent.
 */
record SpoolState(long lastSeq, long evictedTotal) {

    static SpoolState load(Path file, ObjectMapper json) throws IOException {
        return Files.exists(file) ? json.readValue(file.toFile(), SpoolState.class) : new SpoolState(0, 0);
    }

    void save(Path file, ObjectMapper json) throws IOException {
        AtomicFiles.write(file, json.writeValueAsBytes(this));
    }
}
