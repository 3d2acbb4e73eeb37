package io.metering.agent.cli;

/** The data directory holds no identity or key: run {@code enroll} first. Exit code 3. */
final class NotEnrolledException extends RuntimeException {

    NotEnrolledException(String message) {
        super(message);
    }
}
