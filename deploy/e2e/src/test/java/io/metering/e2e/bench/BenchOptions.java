package io.metering.e2e.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line of {@code deploy/bench/ingest}. Without {@code --ingest} the benchmark starts its own
 * platform; with it, all of {@code --ingest --billing --token-url --jdbc --kafka} name a running one.
 */
record BenchOptions(Path repo, int events, int warmupEvents, int batchSize, int senders, int freshnessRate, int freshnessSeconds,
                    boolean stages, String ingestUrl, String billingUrl, String tokenUrl, String jdbcUrl, String kafka) {

    static final String USAGE = """
            Usage: deploy/bench/ingest [options]
              --events N             events of the end-to-end run (default 1000000)
              --warmup-events N      events sent through the whole pipeline first, not measured, so that
                                     the figures are the warm JVMs' sustained rates (default 2000000; after
                                     1000000 the C2-only ingest JVM's compiler threads still used 2.2-2.4 s
                                     of CPU in the timed run, after 2000000 1.0-1.2 s; see
                                     docs/benchmarks.md; then 20 s of the freshness load and probes,
                                     which warm billing-service's consumption API; 0: none)
              --batch N              events per POST (default 1000)
              --senders N            parallel HTTP senders (default 8)
              --freshness-rate N     events/s while freshness is measured (default 10000)
              --freshness-seconds N  how long freshness is measured, after a 5 s ramp-up at the same rate
                                     whose probes are reported apart (default 30)
              --stages               also print, per second of the end-to-end run, each stage's progress
                                     (events accepted, the topology's input lag, rows written per table,
                                     the Kafka Streams threads' time on and waiting for a core, busy
                                     cores), to see which stage is the run's tail; the metrics scrape
                                     costs the ingest JVM some CPU, so not for the figures
              --ingest URL --billing URL --token-url URL --jdbc URL --kafka HOST:PORT
                                     use a running platform instead of starting one""";

    static BenchOptions parse(String[] args) {
        Path repo = Path.of("").toAbsolutePath();
        int events = 1_000_000;
        int warmup = 2_000_000;
        int batch = 1000;
        int senders = 8;
        int rate = 10_000;
        int seconds = 30;
        boolean stages = false;
        String ingest = null;
        String billing = null;
        String token = null;
        String jdbc = null;
        String kafka = null;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            switch (arg) {
                case "--repo" -> repo = Path.of(value(arg, rest)).toAbsolutePath();
                case "--events" -> events = Integer.parseInt(value(arg, rest));
                case "--warmup-events" -> warmup = Integer.parseInt(value(arg, rest));
                case "--batch" -> batch = Integer.parseInt(value(arg, rest));
                case "--senders" -> senders = Integer.parseInt(value(arg, rest));
                case "--freshness-rate" -> rate = Integer.parseInt(value(arg, rest));
                case "--freshness-seconds" -> seconds = Integer.parseInt(value(arg, rest));
                case "--stages" -> stages = true;
                case "--ingest" -> ingest = value(arg, rest);
                case "--billing" -> billing = value(arg, rest);
                case "--token-url" -> token = value(arg, rest);
                case "--jdbc" -> jdbc = value(arg, rest);
                case "--kafka" -> kafka = value(arg, rest);
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("Unknown option " + arg + "\n" + USAGE);
            }
        }
        if (ingest != null && (billing == null || token == null || jdbc == null || kafka == null)) {
            throw new IllegalArgumentException("--ingest needs --billing, --token-url, --jdbc and --kafka\n" + USAGE);
        }
        return new BenchOptions(repo, events, warmup, batch, senders, rate, seconds, stages, ingest, billing, token, jdbc, kafka);
    }

    BenchOptions withStack(String ingest, String billing, String token, String jdbc, String kafka) {
        return new BenchOptions(repo, events, warmupEvents, batchSize, senders, freshnessRate, freshnessSeconds, stages, ingest, billing, token,
                jdbc, kafka);
    }

    private static String value(String option, List<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return rest.remove(0);
    }
}
