package io.metering.agent.config;

import java.nio.file.Path;

/**
 * Where the agent keeps its state under one data directory. See the README for what each file holds.
 *
 * @param dataDir the root, e.g. {@code /var/lib/metering-agent}
 */
public record AgentPaths(Path dataDir) {

    public Path identity() {
        return dataDir.resolve("identity.json");
    }

    public Path privateKey() {
        return dataDir.resolve("device-key.pk8");
    }

    public Path config() {
        return dataDir.resolve("agent.properties");
    }

    public Path catalogCache() {
        return dataDir.resolve("catalog.json");
    }

    public Path spoolDir() {
        return dataDir.resolve("spool");
    }

    public Path uploadDir() {
        return dataDir.resolve("upload");
    }

    public Path quarantineDir() {
        return dataDir.resolve("quarantine");
    }

    public Path sessions() {
        return dataDir.resolve("sessions.json");
    }

    public Path enforcement() {
        return dataDir.resolve("enforcement.json");
    }

    public Path status() {
        return dataDir.resolve("status.json");
    }

    public Path lock() {
        return dataDir.resolve("agent.lock");
    }

    /** The default data directory: systemd's {@code $STATE_DIRECTORY}, else {@code ~/.metering-agent}. */
    public static Path defaultDataDir() {
        String state = System.getenv("STATE_DIRECTORY");
        if (state != null && !state.isBlank()) {
            return Path.of(state.split(":")[0]);
        }
        return Path.of(System.getProperty("user.home"), ".metering-agent");
    }
}
