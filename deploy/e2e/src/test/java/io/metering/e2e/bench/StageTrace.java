package io.metering.e2e.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * {@code --stages}: where each stage of the pipeline is, once a second while the end-to-end load runs,
 * printed as a table after the report, to see which stage the run waits for at its end. Per second: the
 * events accepted; the topology's input lag (ingest-service's {@code metering_streams_lag_records}); the
 * rows PostgreSQL inserted or updated per table ({@code pg_stat_user_tables}: counters, no count of the
 * tables); the seconds the ingest-service's Kafka Streams threads ran and were runnable but waited for a
 * core ({@code /proc/<pid>/task/<tid>/schedstat} of the threads named after the application id); and the
 * machine's busy cores. Off by default: the scrape of {@code /q/metrics} costs the ingest JVM some CPU.
 * <p>
 * Samples on a daemon thread of its own; {@link #stop()} ends it and returns the table.
 */
final class StageTrace {

    private static final Duration EVERY = Duration.ofSeconds(1);
    private static final String LAG_GAUGE = "metering_streams_lag_records";

    /** One sample; counters are cumulative, {@link #table} prints their differences. */
    record Sample(double seconds, long accepted, double lag, long events, long sessions, long minutes,
                  double streamsRunning, double streamsWaiting, double busySeconds) {
    }

    private final String metricsUrl;
    private final String jdbcUrl;
    private final LongSupplier accepted;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Sample> samples = new ArrayList<>();
    private Thread sampler;

    StageTrace(String ingestUrl, String jdbcUrl, LongSupplier accepted) {
        this.metricsUrl = ingestUrl + "/q/metrics";
        this.jdbcUrl = jdbcUrl;
        this.accepted = accepted;
    }

    void start() {
        long t0 = System.nanoTime();
        sampler = new Thread(() -> {
            try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
                Optional<Path> ingest = ProcessCpu.ingestProcess();
                for (long tick = 0; !Thread.currentThread().isInterrupted(); tick++) {
                    Sample s = sample(IngestBenchmark.seconds(t0), c, ingest);
                    synchronized (samples) {
                        samples.add(s);
                    }
                    // at a fixed rate: a sample takes ~0.1 s (the metrics page), which is not added to the period
                    long next = t0 + (tick + 1) * EVERY.toNanos();
                    Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SQLException | RuntimeException e) {
                System.err.println("\n[bench] stages: " + e.getMessage());
            }
        }, "bench-stages");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Ends the sampling; the table of what was sampled, one line per second. */
    String stop() throws InterruptedException {
        sampler.interrupt();
        sampler.join(5000);
        synchronized (samples) {
            return table(samples);
        }
    }

    private Sample sample(double seconds, Connection c, Optional<Path> ingest) throws SQLException {
        long[] rows = new long[3];
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT relname, n_tup_ins + n_tup_upd FROM pg_stat_user_tables"
                     + " WHERE relname IN ('usage_event', 'usage_session', 'consumption_minute')")) {
            while (rs.next()) {
                rows[switch (rs.getString(1)) {
                    case "usage_event" -> 0;
                    case "usage_session" -> 1;
                    default -> 2;
                }] = rs.getLong(2);
            }
        }
        double[] sched = ingest.map(StageTrace::streamsSchedule).orElse(new double[] {Double.NaN, Double.NaN});
        return new Sample(seconds, accepted.getAsLong(), lag(), rows[0], rows[1], rows[2], sched[0], sched[1],
                ProcessCpu.machineBusySeconds());
    }

    private double lag() {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return lagFrom(body);
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    /** The value of the topology's lag gauge in a Prometheus text page; NaN without one. */
    static double lagFrom(String prometheusText) {
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith(LAG_GAUGE + " ") || line.startsWith(LAG_GAUGE + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }

    /** Seconds on a core and seconds runnable but waiting, summed over the Kafka Streams threads. */
    private static double[] streamsSchedule(Path process) {
        double running = 0;
        double waiting = 0;
        try (Stream<Path> tasks = Files.list(process.resolve("task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).startsWith(ProcessCpu.STREAMS_THREADS)) {
                        String[] f = Files.readString(task.resolve("schedstat")).trim().split("\\s+");
                        running += Long.parseLong(f[0]) / 1e9;
                        waiting += Long.parseLong(f[1]) / 1e9;
                    }
                } catch (IOException e) {
                    // the thread ended
                }
            }
        } catch (IOException | RuntimeException e) {
            return new double[] {Double.NaN, Double.NaN};
        }
        return new double[] {running, waiting};
    }

    /** One line per sample after the first: the differences of the counters over that second. */
    static String table(List<Sample> samples) {
        StringBuilder out = new StringBuilder("""
                stages of the end-to-end run (--stages), per second:
                       s     accepted  topology lag  usage_event  usage_session  consumption_minute  streams ran / waited  busy cores
                """);
        for (int i = 1; i < samples.size(); i++) {
            Sample a = samples.get(i - 1);
            Sample b = samples.get(i);
            double span = b.seconds() - a.seconds();
            out.append(String.format("  %6.1f  %,11d  %12s  %,11d  %,13d  %,18d  %9.2f / %-8.2f  %10.2f%n", b.seconds(),
                    b.accepted() - a.accepted(), Double.isNaN(b.lag()) ? "-" : String.format("%,.0f", b.lag()),
                    b.events() - a.events(), b.sessions() - a.sessions(), b.minutes() - a.minutes(),
                    (b.streamsRunning() - a.streamsRunning()) / span, (b.streamsWaiting() - a.streamsWaiting()) / span,
                    (b.busySeconds() - a.busySeconds()) / span));
        }
        return out.toString();
    }
}
