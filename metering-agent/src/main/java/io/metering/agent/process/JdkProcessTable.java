package io.metering.agent.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real process table from {@link ProcessHandle#allProcesses()}.
 * <p>
 * Cheap on repeat: {@code ProcessHandle} equality is pid <em>and</em> start time (the JDK reads the start
 * time while listing), so a handle already seen maps to its cached snapshot and the agent reads
 * {@code ProcessHandle.Info} (and {@code /proc/<pid>/}) only once per new process instance. A reused
 * pid has another start time, so it is a new handle.
 * <p>
 * On Linux, gaps in {@code ProcessHandle.Info} are filled from {@code /proc/<pid>/}: the executable
 * from the {@code exe} link or {@code comm}, the user as {@code uid:<n>} from {@code status}.
 * <p>
 * Not thread-safe: one polling thread owns it.
 */
public final class JdkProcessTable implements ProcessTable {

    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase().contains("linux");

    private final Path proc;
    private Map<ProcessHandle, ProcessSnapshot> cache = new HashMap<>();

    public JdkProcessTable() {
        this(Path.of("/proc"));
    }

    JdkProcessTable(Path proc) {
        this.proc = proc;
    }

    @Override
    public Collection<ProcessSnapshot> snapshot() {
        Map<ProcessHandle, ProcessSnapshot> next = new HashMap<>(Math.max(16, cache.size() * 2));
        List<ProcessSnapshot> result = new ArrayList<>(cache.size() + 16);
        ProcessHandle.allProcesses().forEach(handle -> {
            ProcessSnapshot snapshot = cache.get(handle);
            if (snapshot == null) {
                snapshot = describe(handle);
            }
            if (snapshot != null) {
                next.put(handle, snapshot);
                result.add(snapshot);
            }
        });
        cache = next;
        return result;
    }

    @Override
    public Optional<Duration> cpuTime(ProcessKey process) {
        return ProcessHandle.of(process.pid())
                .filter(handle -> handle.info().startInstant().map(process.startedAt()::equals).orElse(true))
                .flatMap(handle -> handle.info().totalCpuDuration());
    }

    private ProcessSnapshot describe(ProcessHandle handle) {
        ProcessHandle.Info info = handle.info();
        long pid = handle.pid();
        Optional<String> executable = info.command();
        Optional<String> user = info.user();
        if (LINUX && executable.isEmpty()) {
            executable = linuxExecutable(pid);
        }
        if (LINUX && user.isEmpty()) {
            user = linuxUid(pid);
        }
        if (executable.isEmpty()) {
            return null; // kernel threads and processes we may not inspect: nothing to recognise
        }
        Instant started = info.startInstant().orElse(Instant.EPOCH);
        return new ProcessSnapshot(pid, started, user, executable.get());
    }

    private Optional<String> linuxExecutable(long pid) {
        Path dir = proc.resolve(Long.toString(pid));
        try {
            return Optional.of(Files.readSymbolicLink(dir.resolve("exe")).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            try {
                String comm = Files.readString(dir.resolve("comm")).strip();
                return comm.isEmpty() ? Optional.empty() : Optional.of(comm);
            } catch (IOException | SecurityException e2) {
                return Optional.empty();
            }
        }
    }

    private Optional<String> linuxUid(long pid) {
        try {
            for (String line : Files.readAllLines(proc.resolve(Long.toString(pid)).resolve("status"))) {
                if (line.startsWith("Uid:")) {
                    String[] parts = line.substring(4).trim().split("\\s+");
                    return Optional.of("uid:" + parts[0]);
                }
            }
        } catch (IOException | SecurityException e) {
            // gone or not ours to read
        }
        return Optional.empty();
    }
}
