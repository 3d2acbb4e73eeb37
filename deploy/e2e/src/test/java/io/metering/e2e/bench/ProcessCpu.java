package io.metering.e2e.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU seconds used by the parts of the platform on this machine, from Linux's {@code /proc}: each
 * process's user and system time, grouped by what its command line names (PostgreSQL's postmaster
 * with the backends it has already reaped), and the ingest-service's split by its threads' names
 * (the JIT compiler and the garbage collector apart from the work). The difference of two snapshots
 * says where a timed phase spent the machine's cores. Empty where there is no {@code /proc}. Immutable.
 * <p>
 * A difference counts each process from its start or the earlier snapshot. A process that ended in
 * between is left out, as its time after the earlier snapshot cannot be read (it would otherwise take
 * its whole life's CPU out of its part), except a PostgreSQL backend: the postmaster's figure holds the
 * lives of the backends it reaped, so a backend that ended takes out only what it had used before the
 * earlier snapshot. PostgreSQL's processes are also reported by role (connections, autovacuum, WAL
 * writer, ...); the lives of the processes it reaped count as its postmaster's.
 *
 * @param processes     CPU seconds per process, keyed {@code part/role/pid@start} (the role is "-" outside
 *                      PostgreSQL; the start tells a reused pid apart)
 * @param ingestThreads CPU seconds per live ingest-service thread, keyed {@code group/tid}, so that a
 *                      difference counts only threads alive at the later snapshot, each from its start
 *                      or the earlier snapshot (a thread pool that shrank does not make a group negative)
 */
record ProcessCpu(Map<String, Double> processes, Map<String, Double> ingestThreads) {

    /** The part whose threads are also reported by group; its command line names it so. */
    private static final String INGEST = "ingest-service";
    private static final String POSTGRES = "PostgreSQL";
    /**
     * The start of the ingest-service's Kafka Streams threads' names as Linux keeps them (15 characters of
     * "metering-topology-<uuid>-StreamThread-1", its state updater and cleaner).
     */
    static final String STREAMS_THREADS = "metering-topolo";
    /**
     * Part names, in report order, with a text their command line contains (PostgreSQL: null, matched
     * by its executable); the first that matches names a process.
     */
    private static final List<String[]> PARTS = List.of(new String[] {"benchmark (load, polls)", "IngestBenchmark"},
            new String[] {INGEST, INGEST}, new String[] {POSTGRES, null},
            new String[] {"Kafka broker", "KafkaBrokerMain"}, new String[] {"billing-service", "billing-service"},
            new String[] {"Keycloak", "keycloak"});
    /**
     * Groups of the ingest-service's threads, in report order, with the start of their names as Linux
     * keeps them (15 characters); the first that matches names a thread. The rest, and threads that
     * ended between two snapshots, are reported as "other and ended threads".
     */
    private static final List<String[]> INGEST_THREADS = List.of(
            new String[] {"Kafka Streams", STREAMS_THREADS}, new String[] {"HTTP requests", "executor-thread"},
            new String[] {"HTTP I/O (Vert.x)", "vert.x-"}, new String[] {"sinks", "sink-"},
            new String[] {"Kafka client I/O", "kafka-"}, new String[] {"JIT compiler", "C2 CompilerThre"},
            new String[] {"JIT compiler", "C1 CompilerThre"}, new String[] {"garbage collector", "GC Thread"},
            new String[] {"garbage collector", "VM Thread"});
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ, 100 on every Linux this runs on

    private static final String OTHER = "other";
    private static final String NO_ROLE = "-";
    private static final String POSTMASTER = "postmaster, ended procs";
    /**
     * Roles of PostgreSQL's processes, in report order, with a text their command line contains (after
     * "postgres: "); the first that matches names a process. The rest are the backends of its connections
     * (the sinks, billing-service's API, the benchmark's polls).
     */
    private static final List<String[]> POSTGRES_ROLES = List.of(new String[] {"autovacuum", "autovacuum"},
            new String[] {"WAL writer", "walwriter"}, new String[] {"checkpointer, bgwriter", "checkpointer"},
            new String[] {"checkpointer, bgwriter", "background writer"});
    private static final String CONNECTIONS = "connections";

    static ProcessCpu now() {
        Map<String, Double> perProcess = new LinkedHashMap<>();
        Map<String, Double> ingestThreads = new LinkedHashMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.filter(ProcessCpu::isProcess).forEach(p -> add(p, perProcess, ingestThreads));
        } catch (IOException | RuntimeException e) {
            return new ProcessCpu(Map.of(), Map.of());
        }
        return new ProcessCpu(perProcess, ingestThreads);
    }

    /** The ingest-service's directory under {@code /proc}, if it runs on this machine. */
    static Optional<Path> ingestProcess() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(ProcessCpu::isProcess).filter(p -> {
                try {
                    return part(new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)).equals(INGEST);
                } catch (IOException e) {
                    return false; // the process ended while it was read
                }
            }).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isProcess(Path procEntry) {
        return procEntry.getFileName().toString().chars().allMatch(Character::isDigit);
    }

    private static void add(Path process, Map<String, Double> perProcess, Map<String, Double> ingestThreads) {
        try {
            String[] stat = fields(Files.readString(process.resolve("stat")));
            String command = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
            long ticks = ticks(stat);
            String part = part(command);
            String role = NO_ROLE;
            if (part.equals(POSTGRES)) {
                if (part(parentCommand(stat[1])).equals(POSTGRES)) {
                    role = postgresRole(command);
                } else {
                    role = POSTMASTER;
                    ticks += Long.parseLong(stat[13]) + Long.parseLong(stat[14]); // its reaped children
                }
            }
            perProcess.put(processKey(part, role, process.getFileName() + "@" + stat[19]), ticks / TICKS_PER_SECOND);
            if (part.equals(INGEST)) {
                addThreads(process, ingestThreads);
            }
        } catch (IOException | RuntimeException e) {
            // the process ended while it was read
        }
    }

    /** Puts the CPU of each live thread of {@code process} that is in a group (threads that ended are not listed). */
    private static void addThreads(Path process, Map<String, Double> threads) throws IOException {
        try (Stream<Path> tasks = Files.list(process.resolve("task"))) {
            tasks.forEach(task -> {
                try {
                    String line = Files.readString(task.resolve("stat"));
                    String name = line.substring(line.indexOf('(') + 1, line.lastIndexOf(')'));
                    long ticks = ticks(fields(line));
                    String group = INGEST_THREADS.stream().filter(g -> name.startsWith(g[1])).map(g -> g[0])
                            .findFirst().orElse(null);
                    if (group != null) {
                        threads.put(group + "/" + task.getFileName(), ticks / TICKS_PER_SECOND);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended while it was read
                }
            });
        }
    }

    /** The fields of a {@code stat} line after "pid (comm) " (the name may contain spaces and parentheses). */
    private static String[] fields(String statLine) {
        return statLine.substring(statLine.lastIndexOf(')') + 2).split(" ");
    }

    /** User plus system clock ticks of a process or thread, from its {@link #fields}. */
    private static long ticks(String[] stat) {
        return Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
    }

    private static String postgresRole(String command) {
        return POSTGRES_ROLES.stream().filter(r -> command.contains(r[1])).map(r -> r[0]).findFirst().orElse(CONNECTIONS);
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
        return OTHER;
    }

    /**
     * Seconds all the machine's cores were busy (not idle or waiting for I/O) since boot, from the first
     * line of {@code /proc/stat}; NaN where there is none.
     */
    static double machineBusySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                busy += i == 4 || i == 5 ? 0 : Long.parseLong(f[i]);
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The seconds used since {@code earlier}, per process and per thread alive now (see the class comment). */
    ProcessCpu since(ProcessCpu earlier) {
        Map<String, Double> used = difference(processes, earlier.processes);
        earlier.processes.forEach((process, s) -> {
            if (!processes.containsKey(process) && partOf(process).equals(POSTGRES)) {
                // a reaped process: its life is in the postmaster's difference
                used.put(processKey(POSTGRES, POSTMASTER, process.substring(process.lastIndexOf('/') + 1)), -s);
            }
        });
        return new ProcessCpu(used, difference(ingestThreads, earlier.ingestThreads));
    }

    /** Seconds per part, in report order, every part listed. */
    Map<String, Double> seconds() {
        Map<String, Double> parts = new LinkedHashMap<>();
        PARTS.forEach(part -> parts.put(part[0], 0.0));
        parts.put(OTHER, 0.0);
        processes.forEach((process, s) -> parts.merge(partOf(process), s, Double::sum));
        return parts;
    }

    /** The key of a process in {@link #processes}: {@code part/role/pid@start}. */
    private static String processKey(String part, String role, String pidAtStart) {
        return part + "/" + role + "/" + pidAtStart;
    }

    private static String partOf(String processKey) {
        return processKey.substring(0, processKey.indexOf('/'));
    }

    private static String roleOf(String processKey) {
        return processKey.substring(processKey.indexOf('/') + 1, processKey.lastIndexOf('/'));
    }

    /** PostgreSQL's seconds per role, in report order. */
    private Map<String, Double> postgresRoles() {
        Map<String, Double> roles = new LinkedHashMap<>();
        roles.put(CONNECTIONS, 0.0);
        POSTGRES_ROLES.forEach(role -> roles.put(role[0], 0.0));
        roles.put(POSTMASTER, 0.0);
        processes.forEach((process, s) -> {
            if (partOf(process).equals(POSTGRES)) {
                roles.merge(roleOf(process), s, Double::sum);
            }
        });
        return roles;
    }

    /** The ingest-service's threads' seconds per group, in report order. */
    private Map<String, Double> ingestGroups() {
        Map<String, Double> groups = new LinkedHashMap<>();
        INGEST_THREADS.forEach(group -> groups.put(group[0], 0.0));
        ingestThreads.forEach((thread, s) -> groups.merge(thread.substring(0, thread.lastIndexOf('/')), s, Double::sum));
        return groups;
    }

    private static Map<String, Double> difference(Map<String, Double> later, Map<String, Double> earlier) {
        Map<String, Double> used = new LinkedHashMap<>();
        later.forEach((key, s) -> used.put(key, s - earlier.getOrDefault(key, 0.0)));
        return used;
    }

    /** One line per part with its seconds and its share of the cores over {@code wallSeconds}. */
    String report(double wallSeconds) {
        if (processes.isEmpty()) {
            return "  (no /proc on this machine)\n";
        }
        Map<String, Double> seconds = seconds();
        StringBuilder b = new StringBuilder();
        double total = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        seconds.forEach((part, s) -> {
            b.append(String.format("  %-26s %6.1f s  %4.2f cores%n", part, s, s / wallSeconds));
            if (part.equals(INGEST) && !ingestThreads.isEmpty()) {
                Map<String, Double> groups = ingestGroups();
                double grouped = groups.values().stream().mapToDouble(Double::doubleValue).sum();
                groups.forEach((group, g) -> b.append(String.format("    %-24s %6.1f s%n", group, g)));
                b.append(String.format("    %-24s %6.1f s%n", "other and ended threads", s - grouped));
            }
            if (part.equals(POSTGRES) && s > 0) {
                postgresRoles().forEach((role, r) -> b.append(String.format("    %-24s %6.1f s%n", role, r)));
            }
        });
        return b.append(String.format("  %-26s %6.1f s  %4.2f cores%n", "all", total, total / wallSeconds)).toString();
    }
}
