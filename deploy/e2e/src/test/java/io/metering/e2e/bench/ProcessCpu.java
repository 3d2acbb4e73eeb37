package io.metering.e2e.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU seconds used by the parts of the platform on this machine, from Linux's {@code /proc}: each
 * process's user and system time, grouped by what its command line names (PostgreSQL's postmaster
 * with the backends it has already reaped). The difference of two snapshots says where a timed phase
 * spent the machine's cores. Empty where there is no {@code /proc}. Immutable.
 */
record ProcessCpu(Map<String, Double> seconds) {

    /**
     * Part names, in report order, with a text their command line contains (PostgreSQL: null, matched
     * by its executable); the first that matches names a process.
     */
    private static final List<String[]> PARTS = List.of(new String[] {"benchmark (load, polls)", "IngestBenchmark"},
            new String[] {"ingest-service", "ingest-service"}, new String[] {"PostgreSQL", null},
            new String[] {"Kafka broker", "KafkaBrokerMain"}, new String[] {"billing-service", "billing-service"},
            new String[] {"Keycloak", "keycloak"});
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ, 100 on every Linux this runs on

    static ProcessCpu now() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        PARTS.forEach(part -> seconds.put(part[0], 0.0));
        seconds.put("other", 0.0);
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(p -> add(p, seconds));
        } catch (IOException | RuntimeException e) {
            return new ProcessCpu(Map.of());
        }
        return new ProcessCpu(seconds);
    }

    private static void add(Path process, Map<String, Double> seconds) {
        try {
            String line = Files.readString(process.resolve("stat"));
            String[] stat = line.substring(line.lastIndexOf(')') + 2).split(" "); // after "pid (comm) "
            String command = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
            long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
            String part = part(command);
            if (part.equals("PostgreSQL") && !part(parentCommand(stat[1])).equals("PostgreSQL")) {
                ticks += Long.parseLong(stat[13]) + Long.parseLong(stat[14]); // the postmaster: its reaped backends
            }
            seconds.merge(part, ticks / TICKS_PER_SECOND, Double::sum);
        } catch (IOException | RuntimeException e) {
            // the process ended while it was read
        }
    }

    private static String parentCommand(String pid) throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc", pid, "cmdline")), StandardCharsets.UTF_8);
    }

    private static String part(String command) {
        String executable = command.split("\0", 2)[0];
        for (String[] part : PARTS) {
            if (part[1] == null ? executable.endsWith("/postgres") || executable.startsWith("postgres:")
                    : command.contains(part[1])) {
                return part[0];
            }
        }
        return "other";
    }

    /** The seconds used since {@code earlier}, per part. */
    ProcessCpu since(ProcessCpu earlier) {
        Map<String, Double> used = new LinkedHashMap<>();
        seconds.forEach((part, s) -> used.put(part, s - earlier.seconds.getOrDefault(part, 0.0)));
        return new ProcessCpu(used);
    }

    /** One line per part with its seconds and its share of the cores over {@code wallSeconds}. */
    String report(double wallSeconds) {
        if (seconds.isEmpty()) {
            return "  (no /proc on this machine)\n";
        }
        StringBuilder b = new StringBuilder();
        double total = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        seconds.forEach((part, s) -> b.append(String.format("  %-26s %6.1f s  %4.2f cores%n", part, s, s / wallSeconds)));
        return b.append(String.format("  %-26s %6.1f s  %4.2f cores%n", "all", total, total / wallSeconds)).toString();
    }
}
