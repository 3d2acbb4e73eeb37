package io.metering.agent.cli;

import java.util.List;

/** One sub-command of the CLI. */
interface Command {

    String name();

    /** The text of {@code --help}. */
    String usage();

    /** Runs the command and returns its exit code. */
    int run(List<String> args) throws Exception;
}
