package io.metering.agent.simulate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.metering.agent.process.ProcessKey;
import io.metering.agent.process.ProcessSnapshot;
import io.metering.agent.process.ProcessTable;

/** A process table the simulator writes to. Not thread-safe: the tick thread owns it. */
final class SimulatedProcessTable implements ProcessTable {

    private final Map<ProcessKey, ProcessSnapshot> processes = new LinkedHashMap<>();

    void launch(ProcessSnapshot process) {
        processes.put(process.key(), process);
    }

    void exit(ProcessKey key) {
        processes.remove(key);
    }

    List<ProcessSnapshot> running() {
        return new ArrayList<>(processes.values());
    }

    @Override
    public Collection<ProcessSnapshot> snapshot() {
        return new ArrayList<>(processes.values());
    }

    @Override
    public Optional<Duration> cpuTime(ProcessKey process) {
        return Optional.empty();
    }

}
