package io.metering.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ProcessWatcherTest {

    static final class FakeTable implements ProcessTable {
        List<ProcessSnapshot> processes = new ArrayList<>();

        @Override
        public Collection<ProcessSnapshot> snapshot() {
            return List.copyOf(processes);
        }

        @Override
        public Optional<Duration> cpuTime(ProcessKey process) {
            return Optional.empty();
        }
    }

    static ProcessSnapshot process(long pid, long startSecond) {
        return new ProcessSnapshot(pid, Instant.ofEpochSecond(startSecond), Optional.of("alice"), "/bin/p" + pid);
    }

    @Test
    void firstPollReportsEveryRunningProcessAsLaunched() {
        FakeTable table = new FakeTable();
        table.processes.add(process(1, 100));
        table.processes.add(process(2, 100));
        ProcessChanges changes = new ProcessWatcher(table).poll();
        assertThat(changes.firstPoll()).isTrue();
        assertThat(changes.launched()).hasSize(2);
    }

    @Test
    void laterPollsReportOnlyLaunchesAndExits() {
        FakeTable table = new FakeTable();
        table.processes.add(process(1, 100));
        ProcessWatcher watcher = new ProcessWatcher(table);
        watcher.poll();
        table.processes.add(process(2, 200));
        table.processes.remove(0);
        ProcessChanges changes = watcher.poll();
        assertThat(changes.firstPoll()).isFalse();
        assertThat(changes.launched()).extracting(ProcessSnapshot::pid).containsExactly(2L);
        assertThat(changes.exited()).extracting(ProcessSnapshot::pid).containsExactly(1L);
        assertThat(watcher.poll().launched()).isEmpty();
    }

    @Test
    void aReusedPidWithAnotherStartTimeIsAnExitAndALaunch() {
        FakeTable table = new FakeTable();
        table.processes.add(process(7, 100));
        ProcessWatcher watcher = new ProcessWatcher(table);
        watcher.poll();
        table.processes.set(0, process(7, 300));
        ProcessChanges changes = watcher.poll();
        assertThat(changes.exited()).extracting(ProcessSnapshot::startedAt).containsExactly(Instant.ofEpochSecond(100));
        assertThat(changes.launched()).extracting(ProcessSnapshot::startedAt).containsExactly(Instant.ofEpochSecond(300));
    }

    @Test
    void theRealProcessTableSeesThisJvm() {
        JdkProcessTable table = new JdkProcessTable();
        long self = ProcessHandle.current().pid();
        assertThat(table.snapshot()).anySatisfy(p -> assertThat(p.pid()).isEqualTo(self));
        assertThat(table.snapshot()).anySatisfy(p -> {
            assertThat(p.pid()).isEqualTo(self);
            assertThat(p.executable()).contains("java");
        });
    }
}
