package io.metering.agent.enforce;

import java.io.IOException;

/** The lease server could not be asked: no network, timeout, 5xx or a refused token. The agent is offline. */
public final class LeaseServerUnavailable extends IOException {

    public LeaseServerUnavailable(String message) {
        super(message);
    }

    public LeaseServerUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
