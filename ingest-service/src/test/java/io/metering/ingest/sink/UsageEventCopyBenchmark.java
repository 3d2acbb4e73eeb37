package io.metering.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.metering.local.Postgres;
import io.metering.schemas.Codecs;
import io.metering.schemas.DeviceEvents;
import io.metering.schemas.EventType;
import io.metering.schemas.Topics;
import io.metering.schemas.UsageEvent;

/**
 * Time of the raw-event sink's writes into {@code usage_event} (decoding, rows, COPY) in the order
 * of each batch and in the order of the table's key (ADR 0820), on embedded PostgreSQL (or
 * {@code METERING_DB_URL}): per round and order a fresh database with the real migrations holding a
 * day of earlier events, then N events of the shape of {@code deploy/bench/ingest} (~64 per device in
 * one record, two sessions a day, 4 products, devices shuffled) written in batches of records as the
 * sink polls them, one transaction each, by two writers at once (the sink's consumer threads, each
 * with its own partitions and connection). Rounds alternate the orders; the report gives every time,
 * the CPU of the database backend (from {@code /proc}, so on this machine only) and of the writing
 * thread, and their medians. Not part of the build; run with
 * <pre>
 * ./mvnw -B -o -f ingest-service/pom.xml test -Dtest=UsageEventCopyBenchmark -Dbench=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.events=1000000] [-Dbench.rounds=3] [-Dbench.batchRecords=190] [-Dbench.writers=2]
 * </pre>
 */
class UsageEventCopyBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    @EnabledIfSystemProperty(named = "bench", matches = "true")
    void usageEventWritesInBatchOrderAndInKeyOrder() throws Exception {
        int events = Integer.getInteger("bench.events", 1_000_000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        int batchRecords = Integer.getInteger("bench.batchRecords", 190); // ~12,000 events, as polled in the benchmark
        Instant day = Instant.parse("2026-12-06T00:00:00Z");
        List<List<ConsumerRecord<String, byte[]>>> earlier = batches(generate("w", events, day.minus(Duration.ofDays(1))), batchRecords);
        int writers = Integer.getInteger("bench.writers", 2); // metering.sink.event-threads
        List<List<List<ConsumerRecord<String, byte[]>>>> timed = new ArrayList<>();
        for (List<ConsumerRecord<String, byte[]>> partition : partitions(generate("t", events, day), writers)) {
            timed.add(batches(partition, batchRecords));
        }
        Map<String, List<Long>> millis = new TreeMap<>();
        Map<String, List<Long>> postgresMillis = new TreeMap<>();
        Map<String, List<Long>> javaMillis = new TreeMap<>();
        try (Postgres postgres = Postgres.startForTests()) {
            for (int round = 1; round <= rounds; round++) {
                for (boolean keyOrder : new boolean[] {false, true}) {
                    String name = keyOrder ? "key order" : "batch order";
                    String url = postgres.createDatabase("copy_bench_" + round + (keyOrder ? "_key" : "_batch"));
                    Flyway.configure().dataSource(url, postgres.user(), postgres.password())
                            .locations("classpath:db/metering").load().migrate();
                    try (Connection c = DriverManager.getConnection(url, postgres.user(), postgres.password())) {
                        write(c, new UsageEventWriter(false), earlier);
                        try (Statement s = c.createStatement()) {
                            s.execute("CHECKPOINT");
                        }
                        long t0 = System.nanoTime();
                        long[] cpu = writeConcurrently(url, postgres, keyOrder, timed);
                        long ms = (System.nanoTime() - t0) / 1_000_000;
                        millis.computeIfAbsent(name, k -> new ArrayList<>()).add(ms);
                        postgresMillis.computeIfAbsent(name, k -> new ArrayList<>()).add(cpu[0]);
                        javaMillis.computeIfAbsent(name, k -> new ArrayList<>()).add(cpu[1]);
                        System.out.printf("[bench] round %d, %-11s %,6d ms (%,.0f events/s); CPU: PostgreSQL backends %,6d ms, writer threads %,6d ms%n",
                                round, name, ms, events * 1000.0 / ms, cpu[0], cpu[1]);
                        assertThat(count(c)).isEqualTo(2L * timed.stream().mapToLong(UsageEventCopyBenchmark::countEvents).sum());
                    }
                }
            }
        }
        System.out.printf("---%nevents per run   %,d in batches of %d records (after as many earlier events)%n",
                events, batchRecords);
        report("time", millis);
        report("PostgreSQL CPU", postgresMillis);
        report("writer CPU", javaMillis);
    }

    private static void report(String what, Map<String, List<Long>> millis) {
        long batchOrder = median(millis.get("batch order"));
        long keyOrder = median(millis.get("key order"));
        System.out.printf("%-15s batch order %s ms, median %,d; key order %s ms, median %,d -> %.2f%n", what,
                millis.get("batch order"), batchOrder, millis.get("key order"), keyOrder, (double) keyOrder / batchOrder);
    }

    private static long backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** User + system CPU of a local process from {@code /proc}, or 0 where there is none (a remote database). */
    private static long processCpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10; // clock ticks of 10 ms
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Each writer's batches on its own connection and thread, at once, as the sink's consumer threads
     * write their partitions; returns the CPU milliseconds of the database backends and of the threads.
     */
    private static long[] writeConcurrently(String url, Postgres postgres, boolean keyOrder,
            List<List<List<ConsumerRecord<String, byte[]>>>> perWriter) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(perWriter.size());
        try {
            List<Future<long[]>> done = new ArrayList<>();
            for (List<List<ConsumerRecord<String, byte[]>>> batches : perWriter) {
                done.add(pool.submit(() -> {
                    try (Connection c = DriverManager.getConnection(url, postgres.user(), postgres.password())) {
                        long backend = backendPid(c);
                        long pg0 = processCpuMillis(backend);
                        long java0 = THREADS.getCurrentThreadCpuTime();
                        write(c, new UsageEventWriter(keyOrder), batches);
                        return new long[] {processCpuMillis(backend) - pg0, (THREADS.getCurrentThreadCpuTime() - java0) / 1_000_000};
                    }
                }));
            }
            long[] total = new long[2];
            for (Future<long[]> writer : done) {
                total[0] += writer.get()[0];
                total[1] += writer.get()[1];
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The records split by key into {@code n} lists, as a topic's partitions split them. */
    private static List<List<ConsumerRecord<String, byte[]>>> partitions(List<ConsumerRecord<String, byte[]>> records, int n) {
        List<List<ConsumerRecord<String, byte[]>>> partitions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            partitions.add(new ArrayList<>());
        }
        records.forEach(r -> partitions.get(Math.floorMod(r.key().hashCode(), n)).add(r));
        return partitions;
    }

    private static void write(Connection c, UsageEventWriter writer, List<List<ConsumerRecord<String, byte[]>>> batches)
            throws SQLException {
        c.setAutoCommit(false);
        for (List<ConsumerRecord<String, byte[]>> batch : batches) {
            writer.write(c, batch);
            c.commit();
        }
        c.setAutoCommit(true);
    }

    private static long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM usage_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long countEvents(List<List<ConsumerRecord<String, byte[]>>> batches) {
        return batches.stream().flatMap(List::stream)
                .mapToLong(r -> Codecs.DEVICE_EVENTS.decode(r.value()).getEvents().size()).sum();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** One record of {@link Topics#DEVICE_EVENTS} per device, devices shuffled, ~64 events each within {@code day}. */
    private static List<ConsumerRecord<String, byte[]>> generate(String run, int target, Instant day) {
        Random random = new Random(run.hashCode());
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (int d = 0; d < Math.max(1, target / 64); d++) {
            String device = "bench-" + run + "-" + d;
            List<UsageEvent> deviceEvents = new ArrayList<>();
            long seq = 1;
            for (int s = 0; s < 2; s++) {
                String product = "bench-" + "abcd".charAt(random.nextInt(4)) + "-" + run;
                Instant start = day.plus(Duration.ofMinutes(random.nextInt(23 * 60)));
                for (int m = 0; m < 32; m++) {
                    EventType type = m == 0 ? EventType.LAUNCH : m == 31 ? EventType.EXIT : EventType.HEARTBEAT;
                    deviceEvents.add(UsageEvent.newBuilder().setEventId(UUID.randomUUID()).setTenantId("demo")
                            .setDeviceId(device).setSeq(seq++).setType(type).setOccurredAt(start.plus(Duration.ofMinutes(m)))
                            .setSessionId(new UUID(random.nextLong(), s).toString()).setProductId(product)
                            .setExecutable("C:\\Program Files\\Bench\\" + product + ".exe").setUser("CORP\\u" + d)
                            .setPid(4000 + s).setProcessStartedAt(null).setActiveSeconds(m == 0 ? 0 : 40).setIdleSeconds(m == 0 ? 0 : 20)
                            .setAgentVersion("bench").setAttributes(Map.of()).build());
                }
            }
            byte[] value = Codecs.DEVICE_EVENTS.encode(DeviceEvents.newBuilder().setTenantId("demo").setDeviceId(device)
                    .setEvents(deviceEvents).build());
            records.add(new ConsumerRecord<>(Topics.DEVICE_EVENTS, 0, d, "demo/" + device, value));
        }
        Collections.shuffle(records, random);
        return records;
    }

    private static List<List<ConsumerRecord<String, byte[]>>> batches(List<ConsumerRecord<String, byte[]>> records, int size) {
        List<List<ConsumerRecord<String, byte[]>>> batches = new ArrayList<>();
        for (int i = 0; i < records.size(); i += size) {
            batches.add(records.subList(i, Math.min(records.size(), i + size)));
        }
        return batches;
    }
}
