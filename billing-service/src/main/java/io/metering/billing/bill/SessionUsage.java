package io.metering.billing.bill;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import io.metering.billing.consumption.Metric;

/**
 * The session metrics of each cost center over [from, to), computed in memory from the sessions that
 * overlap the window, with the rules of {@link io.metering.billing.consumption.ConsumptionQuery}: a
 * session counts in minute m when start < m+60 s and end > m, or, without length, when its start lies
 * in m; session time is clipped to the window. Values are in the metric's units except session hours,
 * which are in microseconds. Stateless.
 */
public final class SessionUsage {

    private static final long MINUTE_MICROS = 60_000_000L;

    /** A session as the bill sees it: its cost center, device, identity and interval in epoch microseconds. */
    public record Row(String costCenter, String device, String identity, long startMicros, long endMicros) {
    }

    private SessionUsage() {
    }

    public static SortedMap<String, BigDecimal> perCostCenter(Metric metric, List<Row> rows, Instant from, Instant to) {
        return switch (metric) {
            case DEVICES -> distinct(rows, Row::device);
            case USERS -> distinct(rows, Row::identity);
            case SESSION_HOURS -> clippedMicros(rows, micros(from), micros(to));
            case CONCURRENT_SESSIONS -> peaks(rows, from, to, false);
            case CONCURRENT_USERS -> peaks(rows, from, to, true);
            default -> throw new IllegalArgumentException(metric + " is not a session metric");
        };
    }

    public static long micros(Instant t) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    private static SortedMap<String, BigDecimal> distinct(List<Row> rows, java.util.function.Function<Row, String> key) {
        Map<String, Set<String>> sets = new HashMap<>();
        for (Row r : rows) {
            sets.computeIfAbsent(r.costCenter(), k -> new HashSet<>()).add(key.apply(r));
        }
        SortedMap<String, BigDecimal> result = new TreeMap<>();
        sets.forEach((cc, set) -> result.put(cc, BigDecimal.valueOf(set.size())));
        return result;
    }

    private static SortedMap<String, BigDecimal> clippedMicros(List<Row> rows, long from, long to) {
        SortedMap<String, BigDecimal> result = new TreeMap<>();
        for (Row r : rows) {
            long length = Math.max(0, Math.min(r.endMicros(), to) - Math.max(r.startMicros(), from));
            result.merge(r.costCenter(), BigDecimal.valueOf(length), BigDecimal::add);
        }
        return result;
    }

    /** Per cost center, the peak over the window's minutes of sessions (or distinct identities) open. */
    private static SortedMap<String, BigDecimal> peaks(List<Row> rows, Instant from, Instant to, boolean distinctUsers) {
        long firstMinute = Math.floorDiv(micros(from), MINUTE_MICROS);
        int minutes = (int) (Math.floorDiv(micros(to) - 1, MINUTE_MICROS) - firstMinute + 1);
        long fromMicros = micros(from);
        Map<String, List<long[]>> ranges = new HashMap<>(); // key: cc, or cc + identity for users
        for (Row r : rows) {
            long a = Math.floorDiv(Math.max(r.startMicros(), fromMicros), MINUTE_MICROS) - firstMinute;
            long b = (r.endMicros() > r.startMicros() ? Math.floorDiv(r.endMicros() - 1, MINUTE_MICROS)
                    : Math.floorDiv(r.startMicros(), MINUTE_MICROS)) - firstMinute;
            b = Math.min(b, minutes - 1);
            if (a <= b) {
                String key = distinctUsers ? r.costCenter() + '\u0000' + r.identity() : r.costCenter();
                ranges.computeIfAbsent(key, k -> new ArrayList<>()).add(new long[] {a, b});
            }
        }
        Map<String, int[]> deltas = new HashMap<>();
        ranges.forEach((key, list) -> {
            String cc = distinctUsers ? key.substring(0, key.indexOf('\u0000')) : key;
            int[] delta = deltas.computeIfAbsent(cc, k -> new int[minutes + 1]);
            for (long[] range : distinctUsers ? merged(list) : list) {
                delta[(int) range[0]]++;
                delta[(int) range[1] + 1]--;
            }
        });
        SortedMap<String, BigDecimal> result = new TreeMap<>();
        deltas.forEach((cc, delta) -> {
            int open = 0;
            int peak = 0;
            for (int i = 0; i < minutes; i++) {
                open += delta[i];
                peak = Math.max(peak, open);
            }
            result.put(cc, BigDecimal.valueOf(peak));
        });
        return result;
    }

    /** Overlapping minute ranges of one identity merged, so that it counts once per minute. */
    private static List<long[]> merged(List<long[]> ranges) {
        ranges.sort(Comparator.comparingLong(r -> r[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : ranges) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && r[0] <= last[1]) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                merged.add(new long[] {r[0], r[1]});
            }
        }
        return merged;
    }
}
