package io.metering.agent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What enrollment gave this device: who it is and how it gets tokens. Stored as {@code identity.json}
 * (mode 600) next to the device's private key.
 */
public record Identity(String server, String deviceId, String tenantId, String clientId, String clientSecret,
                       String tokenUrl, String ingestUrl) {

    public Identity {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(tenantId, "tenantId");
    }

    /** The base URL for {@code /v1/events} and {@code /v1/policy}: the ingest URL if given, else the server. */
    public String apiBase() {
        String base = ingestUrl != null && !ingestUrl.isBlank() ? ingestUrl : server;
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public static Optional<Identity> load(Path file, ObjectMapper json) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(json.readValue(file.toFile(), Identity.class));
    }

    public void save(Path file, ObjectMapper json) throws IOException {
        AtomicFiles.writeOwnerOnly(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    }
}
