package io.metering.agent.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.catalog.Catalog;
import io.metering.agent.catalog.CatalogCache;
import io.metering.agent.catalog.DetectionRule;
import io.metering.agent.catalog.Product;
import io.metering.agent.config.AgentPaths;
import io.metering.agent.config.Identity;
import io.metering.agent.config.Json;
import io.metering.agent.enroll.DeviceKeys;

/**
 * {@code train [--seconds S]}: runs the agent for a few seconds against a throw-away data directory and an
 * unreachable server, recognising the JVM itself, so every class of the service path (process table,
 * sessions, spool, Avro, signing, HTTP) is loaded. Used with {@code -XX:ArchiveClassesAtExit} to build the
 * AppCDS archive of the service (deploy/agent/build-runtime.sh; ADR 0302). Ends the JVM when done.
 */
final class TrainCommand implements Command {

    private final PrintStream out;

    TrainCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String usage() {
        return """
                Usage: metering-agent train [--seconds S]

                Internal: exercises the service path for S seconds (default 8) in a temporary data directory
                with an unreachable server, then exits. Run it with -XX:ArchiveClassesAtExit=FILE to build the
                class-data archive the launcher uses (deploy/agent/build-runtime.sh).
                """;
    }

    @Override
    public int run(List<String> argv) throws Exception {
        Args args = Args.parse(argv, Set.of("seconds"));
        int seconds = args.intOption("seconds", 8);
        Path dir = Files.createTempDirectory("metering-agent-train-");
        AgentPaths paths = new AgentPaths(dir);
        ObjectMapper json = Json.newMapper();
        DeviceKeys.savePrivate(DeviceKeys.generate(), paths.privateKey());
        String nowhere = "http://127.0.0.1:9";
        new Identity(nowhere, "dev-train", "train", "train", "train", nowhere + "/token", nowhere)
                .save(paths.identity(), json);
        String self = ProcessHandle.current().info().command().map(c -> Path.of(c).getFileName().toString())
                .orElse("java");
        new CatalogCache(paths.catalogCache(), json).save(new Catalog("train",
                List.of(new Product("train", "train", List.of(DetectionRule.executable(self)), "none")), 900));
        Thread stop = new Thread(() -> {
            try {
                Thread.sleep(seconds * 1000L);
            } catch (InterruptedException e) {
                return;
            }
            out.println("train: done (" + dir + " can be deleted)");
            System.exit(ExitCodes.OK);
        }, "train-stop");
        stop.setDaemon(true);
        stop.start();
        return new RunCommand(out).run(List.of("--data-dir", dir.toString(), "--poll-interval", "1", "--heartbeat",
                "2"));
    }
}
