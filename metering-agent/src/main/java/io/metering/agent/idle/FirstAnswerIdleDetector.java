package io.metering.agent.idle;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.metering.agent.process.ProcessKey;

/**
 * Asks its sources in order and takes the first answer; with none, the process counts as active.
 * Thread-safety is that of its sources.
 */
public final class FirstAnswerIdleDetector implements IdleDetector {

    private final List<IdleDetector> sources;

    public FirstAnswerIdleDetector(List<IdleDetector> sources) {
        this.sources = List.copyOf(sources);
    }

    @Override
    public Optional<Boolean> idle(ProcessKey process, Instant now) {
        for (IdleDetector source : sources) {
            Optional<Boolean> answer = source.idle(process, now);
            if (answer.isPresent()) {
                return answer;
            }
        }
        return Optional.of(false);
    }

    @Override
    public void forget(ProcessKey process) {
        sources.forEach(source -> source.forget(process));
    }
}
