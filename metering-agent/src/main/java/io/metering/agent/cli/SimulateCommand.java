package io.metering.agent.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import io.metering.agent.config.AgentPaths;
import io.metering.agent.config.Json;
import io.metering.agent.simulate.DemoCatalog;
import io.metering.agent.simulate.FleetSimulator;
import io.metering.agent.simulate.SimulationOptions;

/** {@code simulate}: a synthetic fleet through the agent's own spool, signing and upload code. */
final class SimulateCommand implements Command {

    private final PrintStream out;

    SimulateCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "simulate";
    }

    @Override
    public String usage() {
        return """
                Usage: metering-agent simulate --server URL [--enroll-token T] [options]

                Simulates a fleet of devices. Each enrolls with its own key (kept under DIR/devices/sim-NNN and
                reused on restart), then reports realistic sessions (launches, heartbeats with active and
                idle time, exits) timed now, through the agent's own spool, signing and upload code. Every
                device launches a product within 30 s. Prints a progress line every 5 s.

                Options:
                  --server URL          ingest service, e.g. http://127.0.0.1:8081 (required)
                  --enroll-token T      enrollment token (required unless every device is enrolled already)
                  --devices N           number of devices (default 20)
                  --products a,b,c      product ids (default autocad,photoshop,matlab,solidworks,
                                        visual-studio,office,intellij,tableau)
                  --users M             distinct users over the fleet (default: one per device)
                  --seed S              random seed; same seed, same decisions (default 42)
                  --rate R              target events per second over the fleet (default 2)
                  --duration D          how long to run: 90s, 10m, 2h or ISO-8601 (default: until stopped)
                  --heartbeat S         seconds between heartbeats (default 60)
                  --data-dir DIR        where simulated devices keep state (default ~/.metering-agent/simulate)
                """;
    }

    @Override
    public int run(List<String> argv) throws Exception {
        Args args = Args.parse(argv, Set.of("server", "enroll-token", "devices", "products", "users", "seed", "rate",
                "duration", "heartbeat", "data-dir"));
        int devices = args.intOption("devices", 20);
        List<String> products = args.option("products")
                .map(p -> Arrays.stream(p.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(DemoCatalog.DEFAULT_PRODUCTS);
        SimulationOptions options;
        try {
            options = new SimulationOptions(args.required("server"), args.option("enroll-token"), devices, products,
                    args.intOption("users", devices), Long.parseLong(args.option("seed").orElse("42")),
                    Double.parseDouble(args.option("rate").orElse("2")),
                    args.option("duration").map(SimulateCommand::duration),
                    Duration.ofSeconds(args.intOption("heartbeat", 60)),
                    args.option("data-dir").map(Path::of)
                            .orElseGet(() -> AgentPaths.defaultDataDir().resolve("simulate")));
        } catch (NumberFormatException e) {
            throw new UsageException("--seed and --rate must be numbers: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        FleetSimulator simulator = new FleetSimulator(options, Setup.http(), Json.newMapper(), out);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            simulator.stop();
            try {
                done.await(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "simulate-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (DataDirLock lock = DataDirLock.acquire(options.dataDir().resolve("simulate.lock"))) {
            simulator.run();
        } finally {
            done.countDown();
        }
        return ExitCodes.OK;
    }

    static Duration duration(String text) {
        String t = text.trim().toLowerCase();
        try {
            if (t.startsWith("p")) {
                return Duration.parse(text.trim().toUpperCase());
            }
            long n = Long.parseLong(t.replaceAll("[smhd]$", ""));
            return switch (t.charAt(t.length() - 1)) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new UsageException("--duration: not a duration: " + text + " (try 90s, 10m, 2h)");
        }
    }

}
