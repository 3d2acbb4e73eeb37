package io.metering.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A child process of the local stack with its output in a log file.
 * <p>
 * Children are destroyed with their descendants on {@link #stop()}, and also when this JVM exits
 * normally or on SIGINT/SIGTERM, so Ctrl-C leaves no orphans.
 * Not thread-safe.
 */
public final class ChildProcess implements AutoCloseable {

    private final String name;
    private final List<String> command;
    private final Path logFile;
    private final Map<String, String> environment;
    private final Path workDir;
    private Process process;
    private Thread reaper;

    public ChildProcess(String name, List<String> command, Path workDir, Map<String, String> environment, Path logFile) {
        this.name = name;
        this.command = List.copyOf(command);
        this.workDir = workDir;
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
    }

    /**
     * Options appended from the environment variable {@code METERING_EXTRA_JVM_OPTS_<NAME>}
     * ({@code METERING_EXTRA_JVM_OPTS_INGEST_SERVICE}, ..._BILLING_SERVICE, ..._KAFKA_BROKER), separated by
     * spaces: for profiling a process from its start, e.g. {@code -XX:StartFlightRecording=filename=ingest.jfr}
     * (a recording started later, with {@code jcmd}, deoptimizes code the C2-only ingest JVM then
     * runs interpreted for a long while).
     */
    static List<String> extraJvmOptions(String processName, Map<String, String> env) {
        String value = env.get("METERING_EXTRA_JVM_OPTS_" + processName.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        return value == null || value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }

    /** The command line of a Java child using the same JDK as this JVM. */
    public static List<String> java(List<String> jvmOptions, String... mainAndArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of(mainAndArgs));
        return cmd;
    }

    public ChildProcess start() {
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
            reaper = new Thread(this::destroyNow, "stop-" + name);
            Runtime.getRuntime().addShutdownHook(reaper);
            return this;
        } catch (IOException e) {
            throw new LocalStackException("Cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Waits until {@code ready} holds, failing early with the log's tail when the process dies. */
    public void awaitReady(Duration timeout, BooleanSupplier ready) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new LocalStackException(name + " exited with " + process.exitValue() + "; last log lines:\n" + tail(30));
            }
            if (ready.getAsBoolean()) {
                return;
            }
            sleep(200);
        }
        throw new LocalStackException(name + " was not ready within " + timeout.toSeconds() + " s; last log lines:\n" + tail(30));
    }

    /** True once the log contains the line fragment. */
    public boolean logContains(String fragment) {
        try {
            return Files.exists(logFile) && Files.readString(logFile, StandardCharsets.ISO_8859_1).contains(fragment);
        } catch (IOException e) {
            return false;
        }
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    /** Asks the process (and its descendants) to stop and waits up to 30 s before killing it. */
    public void stop() {
        if (process == null) {
            return;
        }
        destroyNow();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // already running the hooks
        }
        process = null;
    }

    /** SIGKILL, as a crash would: no shutdown hooks run in the child. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // already running the hooks
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    private void destroyNow() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = p.descendants().toList();
        p.destroy();
        descendants.forEach(ProcessHandle::destroy);
        if (!waitFor(Duration.ofSeconds(30))) {
            p.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted", e);
        }
    }
}
