package io.metering.billing.bill;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import io.metering.billing.consumption.ConsumptionQuery;
import io.metering.local.testing.SharedInfrastructure;

/**
 * Not a test: times the monthly bill of 2,000 devices, 50 products and a month of per-minute heartbeats
 * (docs/benchmarks-bills.md). Run with
 * {@code ./mvnw -B -o -f billing-service/pom.xml test -Dtest=BillBenchmark -Dbench=true -Dsurefire.failIfNoSpecifiedTests=false}.
 * Seeds a fresh database with COPY, then computes the bill from the metering store (sessions, minutes,
 * events) and from raw events only, {@code RUNS} times each, and prints the medians.
 */
class BillBenchmark {

    static final String TENANT = "bench";
    static final int DEVICES = 2000;
    static final int PRODUCTS = 50;
    static final int RUNS = 5;
    static final BillPeriod PERIOD = new BillPeriod(java.time.YearMonth.of(2026, 10));

    @Test
    @EnabledIfSystemProperty(named = "bench", matches = "true")
    void benchmark() throws Exception {
        main(new String[0]);
    }

    public static void main(String[] args) throws Exception {
        String url = SharedInfrastructure.freshDatabase("billbench");
        String user = SharedInfrastructure.postgres().user();
        String password = SharedInfrastructure.postgres().password();
        for (String[] m : new String[][] {{"db/metering", "flyway_ingest_history"}, {"db/billing", "flyway_billing_history"}}) {
            Flyway.configure().dataSource(url, user, password).locations("classpath:" + m[0]).table(m[1])
                    .baselineOnMigrate(true).baselineVersion("0").load().migrate();
        }
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            long t0 = System.nanoTime();
            long[] counts = seed(c);
            try (Statement s = c.createStatement()) {
                s.execute("VACUUM ANALYZE");
            }
            System.out.printf("seeded %,d events, %,d sessions, %,d consumption minutes in %.1f s%n",
                    counts[0], counts[1], counts[2], (System.nanoTime() - t0) / 1e9);
            DataSource ds = single(c);
            StoreUsageMeter store = new StoreUsageMeter(ds, new ConsumptionQuery(ds));
            List<LineTerms> entitlements = new BilledEntitlements(ds).validIn(TENANT, PERIOD);
            BillCalculator fromStore = new BillCalculator(store);
            BillCalculator fromRaw = new BillCalculator(new RawEventUsageMeter(ds));
            Bill a = fromStore.draft(TENANT, PERIOD, entitlements, Optional.empty()); // warm-up
            Bill b = fromRaw.draft(TENANT, PERIOD, entitlements, Optional.empty());
            System.out.printf("bill: %d lines, totals %s; same lines from raw events: %s%n", a.lines().size(), a.totals(),
                    a.lines().equals(b.lines()));
            double[] store5 = new double[RUNS];
            double[] raw5 = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                store5[i] = time(() -> fromStore.draft(TENANT, PERIOD, entitlements, Optional.empty()));
                raw5[i] = time(() -> fromRaw.draft(TENANT, PERIOD, entitlements, Optional.empty()));
            }
            double ms = median(store5);
            double rawMs = median(raw5);
            System.out.printf("monthly bill from the metering store: median %.0f ms %s%n", ms, Arrays.toString(round(store5)));
            System.out.printf("monthly bill from raw events:         median %.0f ms %s%n", rawMs, Arrays.toString(round(raw5)));
            System.out.printf("ratio raw / store: %.1f%n", rawMs / ms);
            java.util.Map<String, double[]> perMetric = new java.util.TreeMap<>();
            for (LineTerms t : entitlements) {
                double s1 = time(() -> fromStore.line(TENANT, t));
                double s2 = time(() -> fromRaw.line(TENANT, t));
                double[] sums = perMetric.computeIfAbsent(t.metric().apiName(), k -> new double[3]);
                sums[0] += s1;
                sums[1] += s2;
                sums[2]++;
            }
            perMetric.forEach((metric, sums) -> System.out.printf("  %-20s %2.0f lines: store %6.0f ms, raw %6.0f ms%n",
                    metric, sums[2], sums[0], sums[1]));
        }
    }

    interface Work {
        Object run() throws Exception;
    }

    static double time(Work work) throws Exception {
        long t = System.nanoTime();
        work.run();
        return (System.nanoTime() - t) / 1e6;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static long[] round(double[] values) {
        return Arrays.stream(values).mapToLong(Math::round).toArray();
    }

    /**
     * Every device, on each weekday of the month, runs two sessions (from 08:00-10:00 and 13:00-15:00,
     * 30 to 90 minutes, a random product) with a heartbeat every minute; 10 cost centers: users of 80%
     * of the devices by user, 10% by device, 10% unallocated; one monthly entitlement per product over
     * the seven metrics, every fifth usage-priced.
     */
    static long[] seed(Connection c) throws SQLException {
        Random random = new Random(42);
        int minutesInMonth = PERIOD.days() * 1440;
        int[][] sessions = new int[PRODUCTS][minutesInMonth + 1];
        int[][] launches = new int[PRODUCTS][minutesInMonth];
        long[][] active = new long[PRODUCTS][minutesInMonth];
        long start = PERIOD.start().getEpochSecond();
        CopyIn events = ((PGConnection) c.unwrap(PGConnection.class)).getCopyAPI().copyIn("""
                COPY usage_event (tenant_id, device_id, seq, occurred_at, event_id, type, session_id, product_id,
                    executable, user_name, active_seconds, received_at) FROM STDIN""");
        StringBuilder ev = new StringBuilder(1 << 20);
        StringBuilder ss = new StringBuilder(1 << 20);
        long eventCount = 0;
        long sessionCount = 0;
        for (int d = 0; d < DEVICES; d++) {
            String device = "dev-%04d".formatted(d);
            String user = "user-%04d".formatted(d);
            long seq = 0;
            for (LocalDate day = PERIOD.firstDay(); !day.isAfter(PERIOD.lastDay()); day = day.plusDays(1)) {
                if (day.getDayOfWeek().getValue() > 5) {
                    continue;
                }
                long midnight = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
                for (int half = 0; half < 2; half++) {
                    int product = random.nextInt(PRODUCTS);
                    long begin = midnight + (half == 0 ? 8 : 13) * 3600L + random.nextInt(120) * 60L + random.nextInt(60);
                    int minutes = 30 + random.nextInt(61);
                    long end = begin + minutes * 60L;
                    String session = device + "-" + begin;
                    String p = "p%02d".formatted(product);
                    long sessionActive = 0;
                    for (long t = begin; t <= end; t += 60) {
                        String type = t == begin ? "LAUNCH" : t == end ? "EXIT" : "HEARTBEAT";
                        int activeSeconds = t == begin ? 0 : 40 + random.nextInt(21);
                        ev.append(TENANT).append('\t').append(device).append('\t').append(++seq).append('\t')
                                .append(Instant.ofEpochSecond(t)).append('\t').append(UUID.randomUUID()).append('\t')
                                .append(type).append('\t').append(session).append('\t').append(p).append('\t')
                                .append(p).append(".exe\t").append(user).append('\t').append(activeSeconds).append('\t')
                                .append(Instant.ofEpochSecond(t + 2)).append('\n');
                        int minute = (int) ((t - start) / 60);
                        if (type.equals("LAUNCH")) {
                            launches[product][minute]++;
                        }
                        active[product][minute] += activeSeconds;
                        sessionActive += activeSeconds;
                        eventCount++;
                    }
                    ss.append(TENANT).append('\t').append(device).append('\t').append(session).append('\t').append(p)
                            .append('\t').append(user).append('\t').append(Instant.ofEpochSecond(begin)).append('\t')
                            .append(Instant.ofEpochSecond(end)).append("\ttrue\t1\t").append(minutes + 1).append("\t1\t")
                            .append(sessionActive).append('\n');
                    sessions[product][(int) ((begin - start) / 60)]++;
                    sessions[product][(int) ((end - 1 - start) / 60) + 1]--;
                    sessionCount++;
                }
            }
            if (ev.length() > (1 << 20)) {
                flush(events, ev);
            }
        }
        flush(events, ev);
        events.endCopy();
        copy(c, "COPY usage_session (tenant_id, device_id, session_id, product_id, user_name, started_at, ended_at, closed,"
                + " version, events, launches, active_seconds) FROM STDIN", ss);
        StringBuilder mm = new StringBuilder();
        long minuteCount = 0;
        for (int p = 0; p < PRODUCTS; p++) {
            int open = 0;
            for (int m = 0; m < minutesInMonth; m++) {
                open += sessions[p][m];
                if (open > 0 || launches[p][m] > 0 || active[p][m] > 0) {
                    // one user per device, and a device's sessions never overlap: users = sessions
                    mm.append(TENANT).append("\tp%02d\t".formatted(p)).append(Instant.ofEpochSecond(start + m * 60L))
                            .append('\t').append(open).append('\t').append(open).append('\t').append(launches[p][m])
                            .append('\t').append(active[p][m]).append('\n');
                    minuteCount++;
                }
            }
        }
        copy(c, "COPY consumption_minute (tenant_id, product_id, minute, sessions, users, launches, active_seconds) FROM STDIN", mm);
        seedCatalog(c);
        return new long[] {eventCount, sessionCount, minuteCount};
    }

    static void seedCatalog(Connection c) throws SQLException {
        StringBuilder cc = new StringBuilder();
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            cc.append(TENANT).append("\tcc-").append(i).append("\tCost center ").append(i).append('\n');
        }
        for (int d = 0; d < DEVICES; d++) {
            if (d < DEVICES * 8 / 10) {
                members.append(TENANT).append("\tuser\tuser-%04d\tcc-%d\n".formatted(d, d % 8));
            } else if (d < DEVICES * 9 / 10) {
                members.append(TENANT).append("\tdevice\tdev-%04d\tcc-%d\n".formatted(d, 8 + d % 2));
            }
        }
        copy(c, "COPY cost_center (tenant_id, id, name) FROM STDIN", cc);
        copy(c, "COPY cost_center_member (tenant_id, kind, member, cost_center_id) FROM STDIN", members);
        String[] metrics = {"launches", "devices", "users", "concurrent_sessions", "concurrent_users", "usage_hours",
                "session_hours"};
        try (Statement s = c.createStatement()) {
            for (int p = 0; p < PRODUCTS; p++) {
                s.addBatch("INSERT INTO entitlement (tenant_id, id, product_id, metric, quantity, period, pricing,"
                        + " unit_price, overage_price, currency, valid_from) VALUES ('" + TENANT + "', 'e-" + p + "', 'p%02d', '"
                        .formatted(p) + metrics[p % 7] + "', 50, 'month', '" + (p % 5 == 4 ? "usage" : "committed")
                        + "', 10.00, 15.00, 'EUR', '2026-01-01')");
            }
            s.executeBatch();
        }
    }

    static void flush(CopyIn copy, StringBuilder text) throws SQLException {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        text.setLength(0);
    }

    static void copy(Connection c, String sql, StringBuilder text) throws SQLException {
        try {
            ((PGConnection) c.unwrap(PGConnection.class)).getCopyAPI().copyIn(sql, new java.io.StringReader(text.toString()));
        } catch (java.io.IOException e) {
            throw new SQLException(e);
        }
    }

    /** A DataSource over one connection (close() keeps it open), so that timing excludes connecting. */
    static DataSource single(Connection c) {
        Connection shared = (Connection) Proxy.newProxyInstance(BillBenchmark.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) ->
                        method.getName().equals("close") ? null : method.invoke(c, args));
        return (DataSource) Proxy.newProxyInstance(BillBenchmark.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getConnection" -> shared;
                    case "unwrap", "isWrapperFor" -> throw new UnsupportedOperationException();
                    case "getParentLogger" -> Logger.getGlobal();
                    case "getLogWriter" -> new PrintWriter(System.out);
                    default -> null;
                });
    }
}
