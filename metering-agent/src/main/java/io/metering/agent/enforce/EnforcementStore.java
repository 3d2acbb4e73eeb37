package io.metering.agent.enforce;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.config.AtomicFiles;

/**
 * {@code enforcement.json}: the seats held (so a restarted agent renews and releases them), when the lease
 * server last answered (the start of the offline grace), and the last notifications (for {@code status}).
 * Thread-safe: writes are atomic replacements.
 */
public final class EnforcementStore {

    /** How many notifications are kept. */
    public static final int KEPT_NOTIFICATIONS = 20;

    /** The file's shape; {@code lastContact} in epoch millis, 0 if never. */
    public record State(long lastContact, List<HeldLease> leases, List<Notification> notifications) {
        public State {
            leases = leases == null ? List.of() : List.copyOf(leases);
            notifications = notifications == null ? List.of() : List.copyOf(notifications);
        }

        public static State empty() {
            return new State(0, List.of(), List.of());
        }
    }

    private final Path file;
    private final ObjectMapper json;

    public EnforcementStore(Path file, ObjectMapper json) {
        this.file = file;
        this.json = json;
    }

    public State load() throws IOException {
        if (!Files.exists(file)) {
            return State.empty();
        }
        return json.readValue(file.toFile(), State.class);
    }

    public void save(State state) throws IOException {
        List<Notification> notifications = state.notifications();
        if (notifications.size() > KEPT_NOTIFICATIONS) {
            notifications = new ArrayList<>(notifications.subList(notifications.size() - KEPT_NOTIFICATIONS,
                    notifications.size()));
        }
        AtomicFiles.write(file, json.writeValueAsBytes(new State(state.lastContact(), state.leases(), notifications)));
    }
}
