package io.metering.e2e.bench;

import java.io.StringReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;

import io.metering.e2e.scenario.Deliveries;
import io.metering.e2e.scenario.IngestClient;
import io.metering.e2e.scenario.TokenSource;
import io.metering.e2e.scenario.UsageRecord;
import io.metering.e2e.scenario.UsageScenario;
import io.metering.local.DevApi;
import io.metering.local.LocalStack;
import io.metering.local.StackOptions;
import io.metering.local.Ports;
import io.metering.schemas.Codecs;

/**
 * {@code deploy/bench/ingest}: end-to-end throughput (HTTP -> Kafka -> topology -> database), freshness
 * (202 -> visible in the consumption API) at a fixed rate, and in the same run the rate of a raw
 * PostgreSQL COPY of the same rows into a copy of {@code usage_event} and of a plain Kafka producer on
 * the same broker. Starts the platform without the demo fleet unless told where a running one is.
 */
public final class IngestBenchmark {

    /** Busy cores below which the machine counts as settled before the freshness phase. */
    private static final double QUIET_CORES = 0.3;
    private static final Duration QUIET_SPAN = Duration.ofSeconds(2);
    private static final Duration QUIET_MAX_WAIT = Duration.ofSeconds(90);

    /** Seconds of freshness load and probes after the warm-up's ramp-up, not reported. */
    private static final int FRESHNESS_WARMUP_SECONDS = 15;

    private final BenchOptions o;
    private final Progress progress = new Progress();

    private IngestBenchmark(BenchOptions options) {
        this.o = options;
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        // idle connections HttpURLConnection keeps per server (default 5): one per sender, and the freshness load's
        System.setProperty("http.maxConnections", Integer.toString(options.senders() + Freshness.SENDERS));
        LocalStack stack = null;
        try {
            if (options.ingestUrl() == null) {
                Path repo = options.repo();
                int postgresPort = Ports.one();
                System.err.println("[bench] starting the platform in a temporary directory ...");
                stack = LocalStack.startDisposable("metering-bench-", data -> new StackOptions(repo, data, false, 0,
                        Ports.one(), Ports.one(), Ports.one(), Ports.pair(), postgresPort));
                options = options.withStack(stack.ingestUrl(), stack.billingUrl(), stack.keycloak().tokenEndpoint(),
                        "jdbc:postgresql://127.0.0.1:" + postgresPort + "/metering", stack.kafka().bootstrapServers());
            }
            new IngestBenchmark(options).run();
        } finally {
            if (stack != null) {
                stack.close(); // also deletes the data directory (a 1M-event run leaves ~2.4 GB)
            }
        }
    }

    private void run() throws Exception {
        TokenSource importer = new TokenSource(() -> DevApi.clientToken(o.tokenUrl(), "metering-importer", "importer-secret"));
        TokenSource manager = new TokenSource(() -> DevApi.userToken(o.tokenUrl(), "manager", "manager"));
        String run = Long.toString(System.currentTimeMillis(), 36);
        IngestClient ingest = IngestClient.overBlockingConnections(o.ingestUrl(), Duration.ofMinutes(5));
        if (o.warmupEvents() > 0) {
            Load warmup = Load.generate("warmup-" + run, o.warmupEvents(), o.batchSize());
            System.err.printf("[bench] warm-up: %,d events through the whole pipeline, not measured%n", warmup.events().size());
            sendAndAwait("warm-up", warmup, ingest, importer, false);
            Freshness.Result warm = new Freshness(o, importer, manager, ingest, progress)
                    .warmUp("warmup-" + run, FRESHNESS_WARMUP_SECONDS);
            System.err.printf("[bench] warm-up of the freshness path: %d probes, p50 %d ms, max %d ms (not reported)%n",
                    warm.probes() + warm.rampUpProbes(), warm.p50(), Math.max(warm.max(), warm.rampUpMax()));
        }

        // 1. end to end
        Load load = Load.generate(run, o.events(), o.batchSize());
        List<UsageRecord> events = load.events();
        System.err.printf("[bench] %,d events of %,d devices in %,d batches of %d, %d senders%n", events.size(),
                load.devices(), load.batches().size(), o.batchSize(), o.senders());
        ProcessCpu cpuBefore = ProcessCpu.now();
        Instant e2eStart = Instant.now(); // wall clock, to find the timed window in logs and profiles
        Timed e2e = sendAndAwait("end-to-end", load, ingest, importer, o.stages());
        double acceptSeconds = e2e.acceptSeconds();
        double e2eSeconds = e2e.storedSeconds();
        ProcessCpu e2eCpu = e2e.cpuWhenStored().since(cpuBefore);
        System.err.printf("[bench] end-to-end window %s .. %s%n", e2eStart,
                e2eStart.plusNanos(Math.round(e2eSeconds * 1e9)));
        double e2eRate = events.size() / e2eSeconds;
        double httpRate = events.size() / acceptSeconds;

        // 2. freshness at a fixed rate, once the platform is done with the end-to-end load
        awaitQuietMachine();
        Freshness.Result freshness = new Freshness(o, importer, manager, ingest, progress).measure(run);

        // 3. raw COPY of the same rows, 4. plain producer of the same records on the same broker
        double copyRate = copyRate(events);
        double producerRate = producerRate(events);

        String report = String.format("""
                ---
                events                      %,d (%,d devices, %d products, JSON batches of %d, %d senders)
                warm-up before (not timed)  %,d events
                HTTP accepted (all 202s)    %,.0f events/s (%.1f s)
                end to end (in database)    %,.0f events/s (%.1f s)
                freshness at %,d events/s   p50 %d ms, p99 %d ms, max %d ms (%d probes after a %d s ramp-up; slowest %s; ramp-up: %d probes, max %d ms)
                  of which the topology     p50 %d ms, p99 %d ms (202 to the probe's first committed consumption.v1 record)
                raw COPY into usage_event   %,.0f rows/s  -> end to end / COPY = %.2f
                plain Kafka producer        %,.0f records/s -> end to end / producer = %.2f
                CPU while end to end ran (per part of the platform, from /proc):
                %s
                CPU while freshness was measured (after the ramp-up, %.1f s):
                %s%s""", events.size(), load.devices(), load.products().size(), o.batchSize(), o.senders(), o.warmupEvents(), httpRate, acceptSeconds,
                e2eRate, e2eSeconds, o.freshnessRate(), freshness.p50(), freshness.p99(), freshness.max(),
                freshness.probes(), Freshness.RAMP_UP.toSeconds(), String.join(", ", freshness.slowest()),
                freshness.rampUpProbes(), freshness.rampUpMax(), freshness.topologyP50(), freshness.topologyP99(), copyRate, e2eRate / copyRate, producerRate, e2eRate / producerRate,
                e2eCpu.report(e2eSeconds).stripTrailing(), freshness.cpuSeconds(), freshness.cpu().report(freshness.cpuSeconds()), e2e.stages());
        System.out.print(report);
    }

    /**
     * Events of about two sessions of up to an hour a day per device, a heartbeat a minute: ~64 per
     * device; the request bodies and the expected totals are made here, before any clock or CPU count
     * starts, so the senders only send.
     */
    record Load(List<String> products, int devices, List<UsageRecord> events, List<List<UsageRecord>> batches,
                List<Body> bodies, Expected expected) {
        static Load generate(String run, int events, int batchSize) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            List<String> products = List.of("bench-a-" + run, "bench-b-" + run, "bench-c-" + run, "bench-d-" + run);
            List<String> devices = new ArrayList<>();
            for (int i = 0; i < Math.max(10, events / 64); i++) {
                devices.add("bench-" + run + "-" + i);
            }
            UsageScenario scenario = UsageScenario.generate(new UsageScenario.Options(1, now.minus(Duration.ofDays(1)),
                    now.minus(Duration.ofMinutes(1)), products, devices, 2.0, 60, 60, 0));
            List<List<UsageRecord>> batches = Deliveries.shuffledBatches(new ArrayList<>(scenario.byDevice().values()),
                    batchSize, batchSize, 0, new Random(2));
            List<Body> bodies = batches.stream().map(b -> new Body(IngestClient.jsonBody(b), b.size())).toList();
            return new Load(products, devices.size(), scenario.events(), batches, bodies, Expected.of(scenario.events()));
        }
    }

    /** One request body and how many events it holds. */
    record Body(byte[] json, int events) {
    }

    /**
     * Posts every batch of the load, then waits until the stores hold all of it; returns the seconds until
     * the last 202 and until the snapshot that first showed everything stored, and with {@code traceStages}
     * the table of a {@link StageTrace} over that time.
     */
    private Timed sendAndAwait(String phase, Load load, IngestClient ingest, TokenSource importer, boolean traceStages)
            throws Exception {
        Expected want = load.expected();
        AtomicLong sent = new AtomicLong();
        AtomicReference<Expected> lastPolled = new AtomicReference<>();
        StageTrace stages = traceStages ? new StageTrace(o.ingestUrl(), o.jdbcUrl(), sent::get) : null;
        if (stages != null) {
            stages.start();
        }
        long t0 = System.nanoTime();
        progress.start(phase, () -> String.format("accepted %,d/%,d  stored %s", sent.get(), load.events().size(),
                lastPolled.get() == null ? "-" : lastPolled.get()));
        // polls while the events are sent, so the clock stops when they are stored
        CompletableFuture<Snapshot> stored = CompletableFuture.supplyAsync(
                () -> awaitStored(load.products(), want, lastPolled), IngestBenchmark::daemon);
        Deliveries.sendAll(load.bodies(), o.senders(), b -> ingest.postJsonBody(importer, b.json()), Body::events, sent);
        double acceptSeconds = seconds(t0);
        Snapshot complete = stored.join();
        progress.stop();
        return new Timed(acceptSeconds, (complete.nanoTime() - t0) / 1e9, complete.cpu(),
                stages == null ? "" : "\n" + stages.stop());
    }

    /**
     * Waits (at most {@link #QUIET_MAX_WAIT}) until the machine's busy cores average below
     * {@link #QUIET_CORES} over {@link #QUIET_SPAN}: after the end-to-end load the platform goes on working
     * for a while (PostgreSQL's autovacuum of the million new rows, the stores' compactions), and in 11
     * of 14 runs on 2026-12-06 the slowest freshness probe was sent in the 2.5 s right after the
     * ramp-up: it measured that aftermath rather than the fixed load. Prints how long it waited.
     */
    private void awaitQuietMachine() throws InterruptedException {
        long t0 = System.nanoTime();
        double before = ProcessCpu.machineBusySeconds();
        double cores = Double.NaN;
        while (!Double.isNaN(before) && System.nanoTime() - t0 < QUIET_MAX_WAIT.toNanos()) {
            Thread.sleep(QUIET_SPAN.toMillis());
            double now = ProcessCpu.machineBusySeconds();
            cores = (now - before) / (QUIET_SPAN.toMillis() / 1000.0);
            before = now;
            if (cores < QUIET_CORES) {
                break;
            }
        }
        System.err.printf("[bench] waited %.1f s for the machine to settle after the end-to-end load (last %.1f s: %.2f cores busy)%n",
                seconds(t0), QUIET_SPAN.toMillis() / 1000.0, cores);
    }

    /**
     * Seconds from the first POST until the last {@code 202} and until the snapshot that first showed
     * everything stored, the processes' CPU at that snapshot, and the {@code --stages} table (empty without it).
     */
    record Timed(double acceptSeconds, double storedSeconds, ProcessCpu cpuWhenStored, String stages) {
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "bench-store-poller");
        thread.setDaemon(true); // a failed send ends the benchmark without waiting for the poller
        thread.start();
    }

    /** What the stores hold once every event went through. */
    record Expected(long events, long sessions, long launches, long activeSeconds) {
        static Expected of(List<UsageRecord> events) {
            long sessions = events.stream().map(e -> e.device() + "/" + e.session()).distinct().count();
            long launches = events.stream().filter(e -> e.type().equals("LAUNCH")).count();
            long active = events.stream().mapToLong(UsageRecord::activeSeconds).sum();
            return new Expected(events.size(), sessions, launches, active);
        }
    }

    /**
     * What the stores hold, read over one connection, all counts of one poll in one snapshot (a
     * repeatable-read transaction). Each count is taken only once the cheaper ones before it are
     * complete (the order in which the pipeline completes them): the minutes' sums of launches and active
     * seconds (a few thousand rows), then the sessions (tens of thousands), then the events (a count over
     * the whole, growing {@code usage_event}). A count not taken is -1.
     * <p>
     * The snapshot is taken by the minutes' query, so the clock read right after it returns is no
     * earlier than the moment the poll describes. The counts after it take time (the events' ~1.5-2 s of
     * one core for a million rows), but the stores were complete already when the snapshot was taken:
     * until 2026-12-06 the end-to-end time also held that last count.
     * <p>
     * Every count loads PostgreSQL, which the measured pipeline shares: a poller that connected anew
     * and counted sessions and minutes every 100 ms took ~6 s of PostgreSQL's CPU in a 30 s run.
     */
    private static final class StorePoller implements AutoCloseable {
        private final Connection connection;
        private final PreparedStatement minutes;
        private final PreparedStatement sessions;
        private final PreparedStatement events;

        StorePoller(String jdbcUrl, List<String> products) throws SQLException {
            connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setAutoCommit(false);
            String where = " WHERE tenant_id = 'demo' AND product_id IN ('" + String.join("','", products) + "')";
            minutes = connection.prepareStatement("SELECT COALESCE(sum(launches), 0), COALESCE(sum(active_seconds), 0)"
                    + " FROM consumption_minute" + where);
            sessions = connection.prepareStatement("SELECT count(*) FROM usage_session" + where);
            events = connection.prepareStatement("SELECT count(*) FROM usage_event" + where);
        }

        /** The stores' contents, counting sessions only if the minutes match and events only if {@code countEvents}. */
        Snapshot poll(Expected want, boolean countEvents) throws SQLException {
            try {
                long launches;
                long active;
                try (ResultSet rs = minutes.executeQuery()) { // takes the transaction's snapshot
                    rs.next();
                    launches = rs.getLong(1);
                    active = rs.getLong(2);
                }
                long at = System.nanoTime();
                boolean minutesDone = launches == want.launches() && active == want.activeSeconds();
                ProcessCpu cpu = minutesDone ? ProcessCpu.now() : null; // read only near the end: it costs a few ms
                long sessionCount = minutesDone ? single(sessions) : -1;
                long eventCount = minutesDone && sessionCount == want.sessions() && countEvents ? single(events) : -1;
                return new Snapshot(new Expected(eventCount, sessionCount, launches, active), at, cpu);
            } finally {
                connection.rollback(); // read only: ends the snapshot
            }
        }

        private static long single(PreparedStatement s) throws SQLException {
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }

    /**
     * What one poll of the stores saw, the {@link System#nanoTime()} no earlier than its snapshot, and the
     * processes' CPU then (null unless the minutes were complete).
     */
    record Snapshot(Expected stored, long nanoTime, ProcessCpu cpu) {
    }

    /**
     * Polls until the stores hold {@code want} ({@link StorePoller}) and returns the first snapshot that
     * showed it: every 500 ms until 90 % of the launches are in the minutes, then every 100 ms; the
     * events, once everything else is there, at most once a second. The events reach the database first
     * (their sink does not wait for the topology), so this usually counts them once. {@code lastPolled}
     * gets every result.
     */
    private Snapshot awaitStored(List<String> products, Expected want, AtomicReference<Expected> lastPolled) {
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        long lastEventCount = System.nanoTime() - 1_000_000_000L;
        try (StorePoller poller = new StorePoller(o.jdbcUrl(), products)) {
            while (true) {
                boolean countEvents = System.nanoTime() - lastEventCount >= 1_000_000_000L;
                Snapshot now = poller.poll(want, countEvents);
                if (now.stored().events() >= 0) {
                    lastEventCount = System.nanoTime();
                }
                lastPolled.set(now.stored());
                if (now.stored().equals(want)) {
                    return now;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the stores never reached " + want + "; they hold " + now.stored());
                }
                // every 100 ms near the end, where it decides the measured time; every 500 ms before
                Thread.sleep(now.stored().launches() >= want.launches() * 9 / 10 ? 100 : 500);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the stores", e);
        }
    }

    private double copyRate(List<UsageRecord> events) throws Exception {
        StringBuilder csv = new StringBuilder(events.size() * 200);
        Instant received = Instant.now();
        for (UsageRecord e : events) {
            csv.append("demo,").append(e.device()).append(',').append(e.seq()).append(',').append(e.occurredAt())
                    .append(',').append(java.util.UUID.randomUUID()).append(',').append(e.type()).append(',')
                    .append(e.session()).append(',').append(e.product()).append(',').append(e.product()).append(".exe,")
                    .append(e.user() == null ? "" : '"' + e.user() + '"').append(",0,")
                    .append(e.processStartedAt() == null ? "" : e.processStartedAt().toString()).append(',')
                    .append(e.activeSeconds()).append(',').append(e.idleSeconds()).append(",bench,").append(received)
                    .append('\n');
        }
        try (Connection c = DriverManager.getConnection(o.jdbcUrl(), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_copy_usage_event");
            s.execute("CREATE TABLE bench_copy_usage_event (LIKE usage_event INCLUDING ALL)");
            progress.start("raw COPY", () -> "");
            long t0 = System.nanoTime();
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY bench_copy_usage_event (tenant_id, device_id, seq, occurred_at, event_id, type, session_id,"
                            + " product_id, executable, user_name, pid, process_started_at, active_seconds, idle_seconds,"
                            + " agent_version, received_at) FROM STDIN WITH (FORMAT csv)", new StringReader(csv.toString()));
            double rate = events.size() / seconds(t0);
            progress.stop();
            s.execute("DROP TABLE bench_copy_usage_event");
            return rate;
        }
    }

    private double producerRate(List<UsageRecord> events) throws Exception {
        String topic = "bench.producer-baseline";
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.kafka());
        try (Admin a = Admin.create(admin)) {
            if (!a.listTopics().names().get().contains(topic)) {
                a.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get();
            }
        }
        List<byte[]> values = events.stream().map(e -> Codecs.USAGE_EVENT.encode(e.toAvro("demo"))).toList();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, o.kafka());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        AtomicLong acked = new AtomicLong();
        progress.start("plain producer", () -> String.format("acked %,d/%,d", acked.get(), events.size()));
        long t0 = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < values.size(); i++) {
                producer.send(new ProducerRecord<>(topic, "demo/" + events.get(i).device(), values.get(i)),
                        (m, e) -> acked.incrementAndGet());
            }
            producer.flush();
        }
        double rate = events.size() / seconds(t0);
        progress.stop();
        return rate;
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static long[] percentiles(Collection<Long> samples) {
        long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return new long[] {-1, -1, -1};
        }
        return new long[] {sorted[(int) Math.floor(0.5 * (sorted.length - 1))],
                sorted[(int) Math.ceil(0.99 * (sorted.length - 1))], Arrays.stream(sorted).max().orElse(-1)};
    }
}
