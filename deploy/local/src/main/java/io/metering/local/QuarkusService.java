package io.metering.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Quarkus service of the platform started from its {@code target/quarkus-app} build in a child JVM,
 * configured with system properties. Not thread-safe.
 */
public final class QuarkusService implements AutoCloseable {

    private final String name;
    private final Path runJar;
    private final int port;
    private final Map<String, String> config;
    private final Path logFile;
    private ChildProcess process;

    public QuarkusService(String name, Path moduleDir, int port, Map<String, String> config, Path logFile) {
        this.name = name;
        this.runJar = moduleDir.resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
        this.port = port;
        this.config = Map.copyOf(config);
        this.logFile = logFile;
    }

    /** Starts the JVM; call {@link #awaitReady()} to wait for it. */
    public QuarkusService launch() {
        if (!Files.exists(runJar)) {
            throw new LocalStackException(runJar + " is missing: build first with ./mvnw -DskipTests package");
        }
        List<String> jvm = new ArrayList<>(jvmOptions(name));
        jvm.addAll(ChildProcess.extraJvmOptions(name, System.getenv()));
        jvm.add("-Dquarkus.http.port=" + port);
        config.forEach((k, v) -> jvm.add("-D" + k + "=" + v));
        jvm.add("-jar");
        jvm.add(runJar.toString());
        process = new ChildProcess(name, ChildProcess.java(jvm), runJar.getParent(), Map.of(), logFile).start();
        return this;
    }

    /**
     * Heap, collector and compiler of the service's JVM. ingest-service runs the HTTP intake, the Kafka
     * Streams topology and the sinks in one JVM and allocates at the event rate: a larger heap and the
     * parallel collector (2 GC threads for 2 cores) instead of SerialGC in 640 MB (ADR 0803), and C2
     * only, without tiered compilation, whose compile work took a fifth of its CPU for minutes after
     * start on 2 cores (ADR 0809), compiling a method after 1,000 calls instead of 10,000: code that runs
     * once per request or per commit stayed interpreted otherwise (ADR 0823). The other services are
     * small and stay on SerialGC.
     */
    static List<String> jvmOptions(String serviceName) {
        if ("ingest-service".equals(serviceName)) {
            return List.of("-Xms512m", "-Xmx1536m", "-XX:+UseParallelGC", "-XX:ParallelGCThreads=2",
                    "-XX:-TieredCompilation", "-XX:CompileThresholdScaling=0.1");
        }
        return List.of("-Xms64m", "-Xmx640m", "-XX:+UseSerialGC");
    }

    public QuarkusService awaitReady() {
        process.awaitReady(Duration.ofSeconds(180), () -> DevApi.isUp(url() + "/q/health/ready"));
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** SIGKILL, as a crash would. */
    public void kill() {
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    public void stop() {
        if (process != null) {
            process.stop();
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
