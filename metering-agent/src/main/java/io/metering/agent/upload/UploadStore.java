package io.metering.agent.upload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.metering.agent.config.AtomicFiles;

/**
 * Files of the upload loop under {@code upload/}: {@code chain.json} ({@link UploadState} and, under
 * {@code window}, the {@link PendingBatch}es built but not done, in chain order) and
 * {@code pending-<batchSeq>.bin} (their signed bytes). One atomic write of {@code chain.json} records both
 * what is done and what is in flight, so they never disagree.
 * Order of writes: a batch's bytes (forced), then {@code chain.json} naming it, and only then is it sent;
 * the spool frees events only after {@code chain.json} says they are done. A batch still listed although
 * done (batchSeq not above {@code lastBatchSeq}) is recognised and dropped when the window is next loaded.
 * Earlier versions kept the pending batch in {@code pending.json}; it is read when {@code chain.json} has
 * no window, and removed at the next save.
 * Thread-safe for one writer.
 */
public final class UploadStore {

    private static final String WINDOW = "window";
    private static final TypeReference<List<PendingBatch>> LIST = new TypeReference<>() {
    };

    private final Path dir;
    private final ObjectMapper json;

    public UploadStore(Path dir, ObjectMapper json) {
        this.dir = dir;
        this.json = json;
    }

    public UploadState state() throws IOException {
        Optional<ObjectNode> chain = chain();
        if (chain.isEmpty()) {
            return UploadState.initial();
        }
        ObjectNode fields = chain.get().deepCopy();
        fields.remove(WINDOW);
        return json.treeToValue(fields, UploadState.class);
    }

    /** Records the chain and the window in one atomic write. */
    public void save(UploadState state, List<PendingBatch> window) throws IOException {
        ObjectNode node = json.valueToTree(state);
        node.set(WINDOW, json.valueToTree(window));
        AtomicFiles.write(dir.resolve("chain.json"), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
        Files.deleteIfExists(dir.resolve("pending.json"));
    }

    /** The persisted batches not known to be done, in chain order. */
    public List<PendingBatch> pendingList() throws IOException {
        Optional<ObjectNode> chain = chain();
        if (chain.isPresent() && chain.get().has(WINDOW)) {
            return json.convertValue(chain.get().get(WINDOW), LIST);
        }
        Path legacy = dir.resolve("pending.json");
        return Files.exists(legacy) ? List.of(json.readValue(legacy.toFile(), PendingBatch.class)) : List.of();
    }

    public byte[] pendingBytes(PendingBatch batch) throws IOException {
        return Files.readAllBytes(bytesFile(batch.batchSeq()));
    }

    /**
     * Persists a batch's bytes (forced to disk, not renamed: until {@link #save} names the file, whose
     * directory force also makes this file's entry durable, a torn file is never read).
     */
    public void savePendingBytes(PendingBatch batch, byte[] signedBatch) throws IOException {
        AtomicFiles.writeUnnamed(bytesFile(batch.batchSeq()), signedBatch);
    }

    /** Removes the bytes of a batch that is done (no forced directory: a leftover is harmless). */
    public void deleteBytes(PendingBatch batch) throws IOException {
        Files.deleteIfExists(bytesFile(batch.batchSeq()));
    }

    private Optional<ObjectNode> chain() throws IOException {
        Path file = dir.resolve("chain.json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode node = json.readTree(file.toFile());
        return node instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
    }

    private Path bytesFile(long batchSeq) {
        return dir.resolve("pending-" + batchSeq + ".bin");
    }
}
