package io.metering.agent.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.config.AtomicFiles;

/**
 * Files of the upload loop under {@code upload/}: {@code chain.json} ({@link UploadState}),
 * {@code pending.json} and {@code pending-<batchSeq>.bin} ({@link PendingBatch}).
 * Order of writes: the bytes, then {@code pending.json}; on completion {@code chain.json} first, then the
 * pending files are removed, so a crash anywhere leaves either a batch to resend or a done batch whose
 * stale pending files are recognised (batchSeq not above {@code lastBatchSeq}) and removed.
 * Thread-safe for one writer.
 */
public final class UploadStore {

    private final Path dir;
    private final ObjectMapper json;

    public UploadStore(Path dir, ObjectMapper json) {
        this.dir = dir;
        this.json = json;
    }

    public UploadState state() throws IOException {
        Path file = dir.resolve("chain.json");
        return Files.exists(file) ? json.readValue(file.toFile(), UploadState.class) : UploadState.initial();
    }

    public void save(UploadState state) throws IOException {
        AtomicFiles.write(dir.resolve("chain.json"), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
    }

    public Optional<PendingBatch> pending() throws IOException {
        Path file = dir.resolve("pending.json");
        return Files.exists(file) ? Optional.of(json.readValue(file.toFile(), PendingBatch.class)) : Optional.empty();
    }

    public byte[] pendingBytes(PendingBatch batch) throws IOException {
        return Files.readAllBytes(bytesFile(batch.batchSeq()));
    }

    public void savePending(PendingBatch batch, byte[] signedBatch) throws IOException {
        AtomicFiles.write(bytesFile(batch.batchSeq()), signedBatch);
        AtomicFiles.write(dir.resolve("pending.json"), json.writeValueAsBytes(batch));
    }

    public void clearPending(PendingBatch batch) throws IOException {
        Files.deleteIfExists(dir.resolve("pending.json"));
        Files.deleteIfExists(bytesFile(batch.batchSeq()));
        AtomicFiles.forceDirectory(dir);
    }

    private Path bytesFile(long batchSeq) {
        return dir.resolve("pending-" + batchSeq + ".bin");
    }
}
