package io.metering.agent.enforce;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends processes with {@link ProcessHandle#destroy()} (SIGTERM on Unix, TerminateProcess on Windows) and,
 * if one still runs after the grace, {@link ProcessHandle#destroyForcibly()}. The process is checked to be
 * the same instance (pid and start time) so a reused pid is never hit. The timer thread is created on the
 * first termination. Thread-safe.
 */
public final class JdkProcessTerminator implements ProcessTerminator {

    private static final Logger LOG = LoggerFactory.getLogger(JdkProcessTerminator.class);

    private final Duration grace;
    private ScheduledExecutorService timer;

    public JdkProcessTerminator(Duration grace) {
        this.grace = grace;
    }

    @Override
    public boolean terminate(long pid, Instant startedAt) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(h -> sameInstance(h, startedAt));
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return true;
        }
        ProcessHandle process = handle.get();
        if (process.pid() == ProcessHandle.current().pid()) {
            return false;
        }
        if (!process.destroy()) {
            LOG.warn("The OS refused to end process {}", pid);
            return false;
        }
        timer().schedule(() -> {
            if (process.isAlive()) {
                LOG.warn("Process {} still runs {} s after SIGTERM: ending it forcibly", pid, grace.toSeconds());
                process.destroyForcibly();
            }
        }, grace.toMillis(), TimeUnit.MILLISECONDS);
        return true;
    }

    private static boolean sameInstance(ProcessHandle handle, Instant startedAt) {
        if (startedAt == null || startedAt.equals(Instant.EPOCH)) {
            return true;
        }
        return handle.info().startInstant()
                .map(s -> Math.abs(Duration.between(s, startedAt).toMillis()) < 1000)
                .orElse(true);
    }

    private synchronized ScheduledExecutorService timer() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "terminator");
                t.setDaemon(true);
                return t;
            });
        }
        return timer;
    }
}
