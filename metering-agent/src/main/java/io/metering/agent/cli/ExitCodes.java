package io.metering.agent.cli;

/** Exit codes of every command. */
final class ExitCodes {

    static final int OK = 0;
    /** Something failed at run time (network, disk, server refusal). */
    static final int FAILURE = 1;
    /** The command line is wrong. */
    static final int USAGE = 2;
    /** The device is not enrolled yet (no identity or key in the data directory). */
    static final int NOT_ENROLLED = 3;
    /** Another agent process holds the data directory. */
    static final int LOCKED = 4;

    private ExitCodes() {
    }
}
