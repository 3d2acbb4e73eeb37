package io.metering.agent.cli;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.config.AgentPaths;
import io.metering.agent.config.AgentSettings;
import io.metering.agent.config.Identity;
import io.metering.agent.http.AgentHttp;

/** Shared option handling and wiring of the commands. */
final class Setup {

    static final Set<String> SETTINGS = Set.of("poll-interval", "heartbeat", "spool-max-mb", "segment-mb",
            "catalog-refresh", "batch-events", "batch-kb", "offline-grace", "kill-grace");

    static final String SETTINGS_HELP = """
              --data-dir DIR          state directory (default $STATE_DIRECTORY, else ~/.metering-agent)
              --poll-interval S       seconds between process polls (default 2)
              --heartbeat S           seconds between heartbeats of a session (default 60)
              --spool-max-mb N        spool bound, oldest segments evicted beyond it (default 256)
              --segment-mb N          spool segment size (default 4)
              --catalog-refresh S     seconds between catalog fetches (default 300)
              --batch-events N        events per batch, at most 1000 (default 1000)
              --batch-kb N            encoded bytes per batch, at most 1024 (default 1024)
              --offline-grace S       enforced products: seats granted locally this long after the lease
                                      server last answered (default 900); then the cached policy applies
              --kill-grace S          a denied process gets this long between SIGTERM and a forced end (default 10)
            Each of these can also be set in DATA_DIR/agent.properties (same names, no dashes).
            """;

    private Setup() {
    }

    static AgentPaths paths(Args args) {
        return new AgentPaths(args.option("data-dir").map(Path::of).orElseGet(AgentPaths::defaultDataDir));
    }

    static AgentSettings settings(AgentPaths paths, Args args) throws IOException {
        try {
            return AgentSettings.load(paths.config(), args.subset(SETTINGS));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static Identity identity(AgentPaths paths, ObjectMapper json) throws IOException {
        if (!Files.exists(paths.privateKey())) {
            throw new NotEnrolledException("not enrolled: no device key in " + paths.dataDir()
                    + " (run: metering-agent enroll --server URL --token T --data-dir " + paths.dataDir() + ")");
        }
        return Identity.load(paths.identity(), json).orElseThrow(() -> new NotEnrolledException(
                "not enrolled: no identity.json in " + paths.dataDir()));
    }

    /** The agent's HTTP client: HTTP/1.1, TLS trust loaded on first use (ADR 0301). */
    static HttpClient http() {
        return AgentHttp.newClient();
    }
}
