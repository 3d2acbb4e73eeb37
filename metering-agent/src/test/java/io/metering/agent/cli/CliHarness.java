package io.metering.agent.cli;

import java.io.PrintStream;
import java.util.List;

/** Lets tests in other packages run CLI commands in-process. */
public final class CliHarness {

    private final Main main;

    public CliHarness(PrintStream out, PrintStream err) {
        this.main = new Main(out, err);
    }

    public int execute(List<String> args) {
        return main.execute(args);
    }
}
