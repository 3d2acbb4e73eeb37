package io.metering.e2e.scenario;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The seven metrics of DESIGN.md section 5, computed the plain way from the unique events of a
 * scenario, following docs/metering.md: no streams, no deltas, no SQL; it shares no code with the
 * pipeline. Sessions: start = earliest LAUNCH, else the earliest processStartedAt (when not after its
 * event) or occurredAt; end = latest EXIT, else the latest event, never before start; half-open.
 * Immutable after construction.
 */
public final class ExpectedMetrics {

    private static final Duration LATE_HORIZON = Duration.ofDays(31);
    private static final long MINUTE_MS = 60_000;

    /** Cost-center membership: a user's cost center first, then the device's, else {@code unallocated}. */
    public record CostCenters(Map<String, String> users, Map<String, String> devices) {
        public static final CostCenters NONE = new CostCenters(Map.of(), Map.of());
        public static final String UNALLOCATED = "unallocated";

        String of(String user, String device) {
            String byUser = user == null ? null : users.get(user);
            return byUser != null ? byUser : devices.getOrDefault(device, UNALLOCATED);
        }
    }

    /** A session as the rules define it. */
    record Session(String device, String product, String identity, long startMs, long endMs) {
        String user() {
            return identity.startsWith("user:") ? identity.substring(5) : null;
        }

        boolean overlaps(long from, long to) {
            return startMs < to && (endMs > from || (endMs == startMs && startMs >= from));
        }

        boolean countsIn(long minute) {
            return endMs == startMs ? startMs >= minute && startMs < minute + MINUTE_MS
                    : startMs < minute + MINUTE_MS && endMs > minute;
        }
    }

    private final List<UsageRecord> events;
    private final List<Session> sessions = new ArrayList<>();
    private final CostCenters costCenters;

    public ExpectedMetrics(Collection<UsageRecord> uniqueEvents) {
        this(uniqueEvents, CostCenters.NONE);
    }

    public ExpectedMetrics(Collection<UsageRecord> uniqueEvents, CostCenters costCenters) {
        this.events = List.copyOf(uniqueEvents);
        this.costCenters = costCenters;
        Map<String, List<UsageRecord>> bySession = new HashMap<>();
        for (UsageRecord e : events) {
            if (e.product() != null && !e.type().equals("DENIED")) {
                bySession.computeIfAbsent(e.device() + "\u0000" + e.session(), k -> new ArrayList<>()).add(e);
            }
        }
        bySession.values().forEach(list -> sessions.add(session(list)));
    }

    private static Session session(List<UsageRecord> list) {
        Long launch = null;
        Long candidate = null;
        Long exit = null;
        long last = Long.MIN_VALUE;
        String user = null;
        String product = null;
        for (UsageRecord e : list) {
            long at = e.occurredAt().toEpochMilli();
            last = Math.max(last, at);
            if (e.type().equals("LAUNCH")) {
                launch = launch == null ? at : Math.min(launch, at);
            }
            if (e.type().equals("EXIT")) {
                exit = exit == null ? at : Math.max(exit, at);
            }
            long c = at;
            if (e.processStartedAt() != null && !e.processStartedAt().isAfter(e.occurredAt())) {
                c = Math.max(e.processStartedAt().toEpochMilli(), at - LATE_HORIZON.toMillis());
            }
            candidate = candidate == null ? c : Math.min(candidate, c);
            if (e.user() != null && !e.user().isBlank() && (user == null || e.user().compareTo(user) < 0)) {
                user = e.user();
            }
            if (product == null || e.product().compareTo(product) < 0) {
                product = e.product();
            }
        }
        long start = launch != null ? launch : candidate;
        long end = Math.max(exit != null ? exit : last, start);
        String device = list.get(0).device();
        return new Session(device, product, user != null ? "user:" + user : "device:" + device, start, end);
    }

    /** The value of a metric (API name) of a product over [from, to). */
    public BigDecimal value(String product, String metric, Instant from, Instant to) {
        return value(product, metric, from, to, null);
    }

    /** The value of a metric of a product over [from, to) for one cost center (null: all usage). */
    public BigDecimal value(String product, String metric, Instant from, Instant to, String costCenter) {
        long f = from.toEpochMilli();
        long t = to.toEpochMilli();
        java.util.function.Predicate<UsageRecord> event = e -> product.equals(e.product()) && in(e, f, t)
                && (costCenter == null || costCenter.equals(costCenters.of(e.user(), e.device())));
        return switch (metric) {
            case "launches" -> BigDecimal.valueOf(events.stream().filter(e -> e.type().equals("LAUNCH") && event.test(e)).count());
            case "usage_hours" -> hours(BigDecimal.valueOf(events.stream().filter(event)
                    .mapToLong(UsageRecord::activeSeconds).sum()));
            case "devices" -> BigDecimal.valueOf(overlapping(product, f, t, costCenter).stream().map(Session::device)
                    .distinct().count());
            case "users" -> BigDecimal.valueOf(overlapping(product, f, t, costCenter).stream().map(Session::identity)
                    .distinct().count());
            case "session_hours" -> hours(BigDecimal.valueOf(overlapping(product, f, t, costCenter).stream()
                    .mapToLong(s -> Math.max(0, Math.min(s.endMs(), t) - Math.max(s.startMs(), f))).sum(), 3));
            case "concurrent_sessions" -> BigDecimal.valueOf(peak(product, f, t, false, costCenter));
            case "concurrent_users" -> BigDecimal.valueOf(peak(product, f, t, true, costCenter));
            default -> throw new IllegalArgumentException("unknown metric " + metric);
        };
    }

    private boolean inCostCenter(Session s, String costCenter) {
        return costCenter == null || costCenter.equals(costCenters.of(s.user(), s.device()));
    }

    private static boolean in(UsageRecord e, long from, long to) {
        long at = e.occurredAt().toEpochMilli();
        return at >= from && at < to;
    }

    private List<Session> overlapping(String product, long from, long to, String costCenter) {
        return sessions.stream().filter(s -> s.product().equals(product) && s.overlaps(from, to)
                && inCostCenter(s, costCenter)).toList();
    }

    /** Peak per-minute count over the minutes m with floor(from) <= m < to. */
    private int peak(String product, long from, long to, boolean distinctUsers, String costCenter) {
        long firstMinute = Instant.ofEpochMilli(from).truncatedTo(ChronoUnit.MINUTES).toEpochMilli();
        Map<Long, Set<String>> users = new HashMap<>();
        Map<Long, Integer> open = new HashMap<>();
        for (Session s : sessions) {
            if (!s.product().equals(product) || !inCostCenter(s, costCenter)) {
                continue;
            }
            long m = Math.max(firstMinute, Instant.ofEpochMilli(s.startMs()).truncatedTo(ChronoUnit.MINUTES).toEpochMilli());
            for (; m < to && m <= s.endMs(); m += MINUTE_MS) {
                if (s.countsIn(m)) {
                    users.computeIfAbsent(m, k -> new HashSet<>()).add(s.identity());
                    open.merge(m, 1, Integer::sum);
                }
            }
        }
        return distinctUsers ? users.values().stream().mapToInt(Set::size).max().orElse(0)
                : open.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private static BigDecimal hours(BigDecimal seconds) {
        BigDecimal h = seconds.divide(BigDecimal.valueOf(3600), 6, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return h.scale() < 0 ? h.setScale(0) : h;
    }

    public int sessionCount() {
        return sessions.size();
    }
}
