package io.metering.agent.idle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.metering.agent.process.ProcessKey;

/**
 * Linux idle source: systemd-logind's {@code IdleHint} of the login session a process belongs to
 * ({@code /proc/<pid>/sessionid}), read with {@code loginctl show-session <id> -p IdleHint -p Type}
 * and cached for {@code ttl} per session. Only graphical sessions (x11, wayland, mir) are trusted:
 * logind leaves IdleHint at "no" for tty and ssh sessions, so those answer empty and the CPU fallback
 * decides. If {@code loginctl} is missing or fails, the source gives up for good.
 * <p>
 * Not thread-safe: the polling thread owns it.
 */
public final class LogindIdleDetector implements IdleDetector {

    private static final String NO_SESSION = "4294967295";

    private record Answer(Optional<Boolean> idle, Instant at) {
    }

    private final CommandRunner commands;
    private final Path proc;
    private final Duration ttl;
    private final Map<String, Answer> cache = new HashMap<>();
    private boolean broken;

    public LogindIdleDetector(CommandRunner commands, Path proc, Duration ttl) {
        this.commands = commands;
        this.proc = proc;
        this.ttl = ttl;
    }

    @Override
    public Optional<Boolean> idle(ProcessKey process, Instant now) {
        if (broken) {
            return Optional.empty();
        }
        Optional<String> session = sessionOf(process.pid());
        if (session.isEmpty()) {
            return Optional.empty();
        }
        Answer cached = cache.get(session.get());
        if (cached != null && now.isBefore(cached.at().plus(ttl))) {
            return cached.idle();
        }
        Optional<String> out = commands.run(List.of("loginctl", "show-session", session.get(),
                "-p", "IdleHint", "-p", "IdleSinceHint", "-p", "Type"));
        if (out.isEmpty()) {
            broken = true;
            return Optional.empty();
        }
        Answer answer = new Answer(parse(out.get()), now);
        cache.put(session.get(), answer);
        return answer.idle();
    }

    static Optional<Boolean> parse(String output) {
        Map<String, String> values = new HashMap<>();
        for (String line : output.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        String type = values.getOrDefault("Type", "");
        if (!List.of("x11", "wayland", "mir").contains(type) || !values.containsKey("IdleHint")) {
            return Optional.empty();
        }
        return Optional.of("yes".equals(values.get("IdleHint")));
    }

    private Optional<String> sessionOf(long pid) {
        try {
            String id = Files.readString(proc.resolve(Long.toString(pid)).resolve("sessionid")).trim();
            return id.isEmpty() || NO_SESSION.equals(id) ? Optional.empty() : Optional.of(id);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
