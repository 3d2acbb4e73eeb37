package io.metering.agent.cli;

/** The command line is wrong: the message says how; exit code 2. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
