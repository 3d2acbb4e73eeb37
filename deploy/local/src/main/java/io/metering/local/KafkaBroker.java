package io.metering.local;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Starts, kills and restarts a single-node KRaft broker ({@link KafkaBrokerMain}) in a child JVM.
 * <p>
 * The child's classpath is the local stack's {@code lib} folder: set {@code metering.local.lib},
 * else the folder beside this class's jar. Keeping the broker out of the caller's JVM keeps its
 * dependencies (Scala, broker-side Jackson) off a service's classpath and lets tests crash it for real.
 * Not thread-safe.
 */
public final class KafkaBroker implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private final Path logFile;
    private ChildProcess process;

    public KafkaBroker(Path dataDir, int port, Path logFile) {
        this.dataDir = dataDir;
        this.port = port;
        this.logFile = logFile;
    }

    public KafkaBroker start() {
        List<String> jvm = new ArrayList<>(List.of("-Xms128m", "-Xmx768m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Dslf4j.internal.verbosity=WARN", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        jvm.addAll(ChildProcess.extraJvmOptions("kafka-broker", System.getenv()));
        jvm.addAll(List.of("-cp", classpath()));
        process = new ChildProcess("kafka", ChildProcess.java(jvm, KafkaBrokerMain.class.getName(),
                dataDir.toString(), String.valueOf(port), String.valueOf(port + 1)),
                dataDir.getParent() == null ? dataDir : dataDir.getParent(), Map.of(), logFile).start();
        process.awaitReady(Duration.ofSeconds(120), () -> process.logContains(KafkaBrokerMain.READY) && portOpen());
        return this;
    }

    /** Kills the broker with SIGKILL (no clean shutdown). */
    public void kill() {
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    /** Stops cleanly and starts again on the same data. */
    public void restart() {
        stop();
        start();
    }

    public void stop() {
        if (process != null) {
            process.stop();
            process = null;
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stop();
    }

    private boolean portOpen() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String classpath() {
        Path lib = libDirectory();
        try (Stream<Path> jars = Files.list(lib)) {
            String cp = jars.filter(p -> p.toString().endsWith(".jar"))
                    .map(Path::toString).sorted().collect(Collectors.joining(File.pathSeparator));
            return ownLocation() + File.pathSeparator + cp;
        } catch (IOException e) {
            throw new LocalStackException("Cannot read the broker classpath in " + lib
                    + " (build deploy/local first: ./mvnw -pl deploy/local -am package)", e);
        }
    }

    static Path libDirectory() {
        String configured = System.getProperty("metering.local.lib", System.getenv("METERING_LOCAL_LIB"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return ownLocation().getParent().resolve("lib");
    }

    private static Path ownLocation() {
        try {
            return Path.of(KafkaBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new LocalStackException("Cannot locate the local-stack classes", e);
        }
    }
}
