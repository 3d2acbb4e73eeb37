package io.metering.agent.idle;

import java.util.List;
import java.util.Optional;

/** Runs an OS command and returns its standard output, empty when it fails. */
@FunctionalInterface
public interface CommandRunner {

    Optional<String> run(List<String> command);

    /** Runs the command with {@link ProcessBuilder}, waiting at most two seconds. */
    static CommandRunner system() {
        return command -> {
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                byte[] out = process.getInputStream().readAllBytes();
                if (!process.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return Optional.empty();
                }
                return process.exitValue() == 0 ? Optional.of(new String(out)) : Optional.empty();
            } catch (java.io.IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        };
    }
}
