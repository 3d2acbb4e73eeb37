package io.metering.agent.enroll;

import java.io.IOException;
import java.nio.file.Files;
import java.security.KeyPair;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.config.AgentPaths;
import io.metering.agent.config.Identity;

/**
 * Enrolls a device once: creates its key pair, registers the public key, stores the identity. A data
 * directory that already holds an identity and a key is reused as is (the simulator relies on this).
 * Not thread-safe per data directory.
 */
public final class Enrollment {

    private final EnrollmentClient client;
    private final ObjectMapper json;

    public Enrollment(EnrollmentClient client, ObjectMapper json) {
        this.client = client;
        this.json = json;
    }

    public Identity enroll(AgentPaths paths, String server, String token, String hostname, String agentVersion)
            throws IOException, InterruptedException {
        Optional<Identity> existing = Identity.load(paths.identity(), json);
        if (existing.isPresent() && Files.exists(paths.privateKey())) {
            return existing.get();
        }
        Files.createDirectories(paths.dataDir());
        KeyPair keys = DeviceKeys.generate();
        Identity identity = client.enroll(server, token, DeviceKeys.publicKeyBase64(keys), hostname, agentVersion);
        DeviceKeys.savePrivate(keys, paths.privateKey());
        identity.save(paths.identity(), json);
        return identity;
    }
}
