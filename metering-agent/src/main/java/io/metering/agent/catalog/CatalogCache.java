package io.metering.agent.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.config.AtomicFiles;

/**
 * The last catalog fetched, on disk, so a restart without network still recognises products.
 * Thread-safe: writes are atomic replacements.
 */
public final class CatalogCache {

    private final Path file;
    private final ObjectMapper json;

    public CatalogCache(Path file, ObjectMapper json) {
        this.file = file;
        this.json = json;
    }

    public Optional<Catalog> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), Catalog.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void save(Catalog catalog) throws IOException {
        AtomicFiles.write(file, json.writeValueAsBytes(catalog));
    }
}
