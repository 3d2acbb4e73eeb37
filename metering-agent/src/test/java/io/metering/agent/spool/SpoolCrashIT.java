package io.metering.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.metering.agent.testing.FakeIngestServer;
import io.metering.schemas.UsageEvent;

/**
 * Kills the spool writer and uploader with SIGKILL ({@code destroyForcibly}) at random moments, while it
 * writes and while uploads wait for a slow acknowledgement, restarts it, and proves that every event the
 * child reported as recorded reaches the server exactly once.
 */
class SpoolCrashIT {

    @Test
    void killingTheAgentMidWriteAndMidUploadLosesAndDuplicatesNothing(@TempDir Path dir) throws Exception {
        Set<Long> recorded = ConcurrentHashMap.newKeySet();
        Random random = new Random(20261125);
        try (FakeIngestServer server = new FakeIngestServer()) {
            server.ackDelay(120);
            for (int run = 0; run < 6; run++) {
                Process child = start(dir, server.url(), false);
                Thread reader = collect(child, recorded, new ArrayList<>());
                // on a loaded machine a JVM may take seconds to start: kill only once it is writing
                int before = recorded.size();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (recorded.size() == before && System.nanoTime() < deadline && child.isAlive()) {
                    Thread.sleep(20);
                }
                Thread.sleep(300 + random.nextInt(900));
                child.destroyForcibly();
                assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
                reader.join(5000);
            }
            server.ackDelay(0);
            Process drain = start(dir, server.url(), true);
            List<String> lines = new ArrayList<>();
            Thread reader = collect(drain, recorded, lines);
            try {
                assertThat(drain.waitFor(120, TimeUnit.SECONDS)).isTrue();
            } finally {
                drain.destroyForcibly(); // never leave a child behind, also when it hangs
            }
            reader.join(5000);
            assertThat(lines).contains("DRAINED");

            List<Long> delivered = server.acceptedEvents().stream().map(UsageEvent::getSeq).toList();
            Set<Long> unique = new HashSet<>(delivered);
            assertThat(recorded).as("events recorded by the child").hasSizeGreaterThan(100);
            assertThat(delivered).as("no event delivered twice").hasSameSizeAs(unique);
            assertThat(unique).as("every recorded event delivered").containsAll(recorded);
            long max = unique.stream().mapToLong(Long::longValue).max().orElse(0);
            assertThat(unique).as("no gap in seq").hasSize((int) max);
            assertThat(server.chainErrors()).isEmpty();
            assertThat(server.received().stream().filter(FakeIngestServer.Received::duplicate).count())
                    .as("resent batches after kills mid-upload").isPositive();
        }
    }

    private static Process start(Path dir, String url, boolean drain) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                SpoolCrashChild.class.getName(), dir.toString(), url));
        if (drain) {
            command.add("drain");
        }
        return new ProcessBuilder(command).redirectError(new File(dir.toFile(), "child-" + System.nanoTime()
                + ".err")).start();
    }

    private static Thread collect(Process child, Set<Long> recorded, List<String> lines) {
        Thread thread = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("RECORDED ")) {
                        recorded.add(Long.parseLong(line.substring(9).trim()));
                    } else {
                        synchronized (lines) {
                            lines.add(line);
                        }
                    }
                }
            } catch (Exception e) {
                // the child was killed mid-line
            }
        });
        thread.start();
        return thread;
    }
}
