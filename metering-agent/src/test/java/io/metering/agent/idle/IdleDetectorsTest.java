package io.metering.agent.idle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.metering.agent.process.ProcessKey;
import io.metering.agent.process.ProcessSnapshot;
import io.metering.agent.process.ProcessTable;

class IdleDetectorsTest {

    static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");
    static final ProcessKey P = new ProcessKey(42, T0);

    static final class CpuTable implements ProcessTable {
        Duration cpu = Duration.ZERO;

        @Override
        public Collection<ProcessSnapshot> snapshot() {
            return new ArrayList<>();
        }

        @Override
        public Optional<Duration> cpuTime(ProcessKey process) {
            return Optional.of(cpu);
        }
    }

    @Test
    void cpuFallbackCallsAProcessIdleAfterAWholeWindowWithoutCpuProgress() {
        CpuTable table = new CpuTable();
        CpuIdleDetector detector = new CpuIdleDetector(table, Duration.ofSeconds(60));
        assertThat(detector.idle(P, T0)).contains(false);
        assertThat(detector.idle(P, T0.plusSeconds(30))).contains(false);
        assertThat(detector.idle(P, T0.plusSeconds(60))).contains(true);
        table.cpu = Duration.ofMillis(20);
        assertThat(detector.idle(P, T0.plusSeconds(62))).contains(false);
        assertThat(detector.idle(P, T0.plusSeconds(100))).contains(false);
        assertThat(detector.idle(P, T0.plusSeconds(122))).contains(true);
    }

    @Test
    void logindAnswersOnlyForGraphicalSessions() {
        assertThat(LogindIdleDetector.parse("IdleHint=yes\nIdleSinceHint=123\nType=wayland\n")).contains(true);
        assertThat(LogindIdleDetector.parse("IdleHint=no\nIdleSinceHint=0\nType=x11\n")).contains(false);
        assertThat(LogindIdleDetector.parse("IdleHint=no\nIdleSinceHint=0\nType=tty\n")).isEmpty();
    }

    @Test
    void logindIsAskedOncePerSessionWithinTheCacheTime(@TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("42"));
        Files.writeString(proc.resolve("42/sessionid"), "7\n");
        AtomicInteger calls = new AtomicInteger();
        List<List<String>> commands = new ArrayList<>();
        LogindIdleDetector detector = new LogindIdleDetector(command -> {
            calls.incrementAndGet();
            commands.add(command);
            return Optional.of("IdleHint=yes\nIdleSinceHint=1\nType=x11\n");
        }, proc, Duration.ofSeconds(30));
        assertThat(detector.idle(P, T0)).contains(true);
        assertThat(detector.idle(P, T0.plusSeconds(10))).contains(true);
        assertThat(calls).hasValue(1);
        assertThat(commands.get(0)).startsWith("loginctl", "show-session", "7");
        detector.idle(P, T0.plusSeconds(31));
        assertThat(calls).hasValue(2);
    }

    @Test
    void withoutLoginctlTheCpuFallbackDecides(@TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("42"));
        Files.writeString(proc.resolve("42/sessionid"), "7\n");
        CpuTable table = new CpuTable();
        IdleDetector detector = new FirstAnswerIdleDetector(List.of(
                new LogindIdleDetector(command -> Optional.empty(), proc, Duration.ofSeconds(30)),
                new CpuIdleDetector(table, Duration.ofSeconds(60))));
        assertThat(detector.idle(P, T0)).contains(false);
        assertThat(detector.idle(P, T0.plusSeconds(61))).contains(true);
    }
}
