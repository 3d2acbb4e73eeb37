package io.metering.agent.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.config.AtomicFiles;

/**
 * Persists the open sessions and the unrecognised-launch counter ({@code sessions.json}) so a
 * restarted agent continues them. Written after the events of a poll are in the spool: a crash in
 * between can at worst repeat a LAUNCH of a session (same session id, so the server sees one session).
 * Thread-safe: writes are atomic replacements.
 */
public final class SessionStore {

    /** The file's shape. */
    public record State(List<Entry> sessions, long unrecognisedLaunches) {
    }

    /** One open session, times in epoch millis. */
    public record Entry(String sessionId, long pid, long processStartedAt, String productId, String executable,
                        String user, long accountedUntil) {
    }

    private final Path file;
    private final ObjectMapper json;

    public SessionStore(Path file, ObjectMapper json) {
        this.file = file;
        this.json = json;
    }

    public List<OpenSession> loadSessions() throws IOException {
        List<OpenSession> open = new ArrayList<>();
        for (Entry e : load().sessions()) {
            open.add(new OpenSession(e.sessionId(), e.pid(), Instant.ofEpochMilli(e.processStartedAt()), e.productId(),
                    e.executable(), Optional.ofNullable(e.user()), Instant.ofEpochMilli(e.accountedUntil())));
        }
        return open;
    }

    public State load() throws IOException {
        if (!Files.exists(file)) {
            return new State(List.of(), 0);
        }
        State state = json.readValue(file.toFile(), State.class);
        return new State(state.sessions() == null ? List.of() : state.sessions(), state.unrecognisedLaunches());
    }

    public void save(List<OpenSession> open, long unrecognisedLaunches) throws IOException {
        List<Entry> entries = new ArrayList<>(open.size());
        for (OpenSession s : open) {
            entries.add(new Entry(s.sessionId(), s.pid(), s.processStartedAt().toEpochMilli(), s.productId(),
                    s.executable(), s.user().orElse(null), s.accountedUntil().toEpochMilli()));
        }
        AtomicFiles.write(file, json.writeValueAsBytes(new State(entries, unrecognisedLaunches)));
    }
}
