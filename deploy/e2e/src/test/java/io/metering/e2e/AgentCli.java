package io.metering.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged agent ({@code metering-agent/target/metering-agent.jar}) as a child JVM, the way an
 * operator or the local stack runs it, and hands back its exit code and output. Thread-safe.
 */
final class AgentCli {

    /** What one command did: exit code and stdout+stderr together. */
    record Result(int exitCode, String output) {
    }

    private final Path jar;
    private final Path logs;
    private final List<String> jvmOptions;

    /** @param jvmOptions extra options, e.g. the trust store of the local CA ingest-service's TLS port uses */
    AgentCli(Path repo, Path logs, List<String> jvmOptions) {
        this.jar = repo.resolve("metering-agent/target/metering-agent.jar");
        this.logs = logs;
        this.jvmOptions = List.copyOf(jvmOptions);
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: ./mvnw -B -f metering-agent/pom.xml package");
        }
    }

    Result run(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        Files.createDirectories(logs);
        Path log = Files.createTempFile(logs, "agent-" + args[0] + "-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            throw new AssertionError("agent " + String.join(" ", args) + " did not finish in " + timeout + "; output:\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
