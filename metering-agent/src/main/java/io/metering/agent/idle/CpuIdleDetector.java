package io.metering.agent.idle;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.metering.agent.process.ProcessKey;
import io.metering.agent.process.ProcessTable;

/**
 * Fallback idle source: a process whose CPU time has not moved for a whole {@code window} (the
 * heartbeat interval) is idle; it is active again as soon as its CPU time moves. The first
 * {@code window} after the last CPU progress therefore still counts as active.
 * <p>
 * Not thread-safe: the polling thread owns it.
 */
public final class CpuIdleDetector implements IdleDetector {

    private record Progress(Duration cpu, Instant movedAt) {
    }

    private final ProcessTable table;
    private final Duration window;
    private final Map<ProcessKey, Progress> progress = new HashMap<>();

    public CpuIdleDetector(ProcessTable table, Duration window) {
        this.table = table;
        this.window = window;
    }

    @Override
    public Optional<Boolean> idle(ProcessKey process, Instant now) {
        Optional<Duration> cpu = table.cpuTime(process);
        if (cpu.isEmpty()) {
            return Optional.empty();
        }
        Progress last = progress.get(process);
        if (last == null || !cpu.get().equals(last.cpu())) {
            progress.put(process, new Progress(cpu.get(), now));
            return Optional.of(false);
        }
        return Optional.of(!now.isBefore(last.movedAt().plus(window)));
    }

    @Override
    public void forget(ProcessKey process) {
        progress.remove(process);
    }
}
