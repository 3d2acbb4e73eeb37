package io.metering.agent.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.metering.agent.config.AgentVersion;

/**
 * {@code metering-agent <command> [options]}: run, enroll, status, replay, simulate.
 */
public final class Main {

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, Command> commands = new LinkedHashMap<>();

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        for (Command command : List.of(new RunCommand(out), new EnrollCommand(out), new StatusCommand(out),
                new ReplayCommand(out), new SimulateCommand(out), new TrainCommand(out))) {
            commands.put(command.name(), command);
        }
    }

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
            System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
            System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
            System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        }
        int code = new Main(System.out, System.err).execute(Arrays.asList(args));
        System.exit(code);
    }

    int execute(List<String> args) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h") || args.get(0).equals("help")) {
            out.print(usage());
            return args.isEmpty() ? ExitCodes.USAGE : ExitCodes.OK;
        }
        if (args.get(0).equals("--version")) {
            out.println("metering-agent " + AgentVersion.current());
            return ExitCodes.OK;
        }
        Command command = commands.get(args.get(0));
        if (command == null) {
            err.println("metering-agent: unknown command '" + args.get(0) + "'");
            err.print(usage());
            return ExitCodes.USAGE;
        }
        List<String> rest = args.subList(1, args.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(command.usage());
            return ExitCodes.OK;
        }
        try {
            return command.run(rest);
        } catch (UsageException e) {
            err.println("metering-agent " + command.name() + ": " + e.getMessage());
            err.println("Try: metering-agent " + command.name() + " --help");
            return ExitCodes.USAGE;
        } catch (NotEnrolledException e) {
            err.println("metering-agent " + command.name() + ": " + e.getMessage());
            return ExitCodes.NOT_ENROLLED;
        } catch (DataDirLock.LockedException e) {
            err.println("metering-agent " + command.name() + ": " + e.getMessage());
            return ExitCodes.LOCKED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FAILURE;
        } catch (Exception e) {
            err.println("metering-agent " + command.name() + ": " + e.getClass().getSimpleName() + ": "
                    + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }

    private String usage() {
        StringBuilder text = new StringBuilder("""
                Usage: metering-agent <command> [options]

                Commands:
                  run        watch processes, report sessions, upload (the service)
                  enroll     register this device with the server
                  status     what is waiting to be sent, last upload, last error
                  replay     send a JSON-lines file of events through spool, signing and upload
                  simulate   a synthetic fleet of devices for demos and load

                `metering-agent <command> --help` describes each command.
                Exit codes: 0 ok, 1 failure, 2 usage error, 3 not enrolled, 4 data directory in use.
                """);
        return text.toString();
    }
}
