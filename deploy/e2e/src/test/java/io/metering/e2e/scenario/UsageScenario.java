package io.metering.e2e.scenario;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * A reproducible multi-day usage history of a fleet: sessions of several products per device and day,
 * some across midnight, some without EXIT, some starting with a HEARTBEAT, some without user or
 * without length; a share of the devices is "offline" (the test delivers them last, days late).
 * Every event is unique here; duplicates and reorderings are the sender's business. Immutable.
 */
public final class UsageScenario {

    /**
     * @param devices             device ids (enrolled agents and importer devices alike)
     * @param sessionsPerDeviceDay average sessions a device runs per day
     * @param maxSessionMinutes   longest session
     * @param heartbeatSeconds    interval between heartbeats
     * @param offlineShare        share of devices delivered last
     */
    public record Options(long seed, Instant from, Instant to, List<String> products, List<String> devices,
                          double sessionsPerDeviceDay, int maxSessionMinutes, int heartbeatSeconds,
                          double offlineShare) {
    }

    private final Options options;
    private final Map<String, List<UsageRecord>> byDevice;
    private final Set<String> offline;

    private UsageScenario(Options options, Map<String, List<UsageRecord>> byDevice, Set<String> offline) {
        this.options = options;
        this.byDevice = byDevice;
        this.offline = offline;
    }

    public static UsageScenario generate(Options o) {
        Random random = new Random(o.seed());
        int userPool = Math.max(2, o.devices().size() * 2 / 3);
        Map<String, List<UsageRecord>> byDevice = new LinkedHashMap<>();
        Set<String> offline = new HashSet<>();
        for (String device : o.devices()) {
            if (random.nextDouble() < o.offlineShare()) {
                offline.add(device);
            }
            List<UsageRecord> events = new ArrayList<>();
            String mainUser = "CORP\\u" + random.nextInt(userPool);
            for (Instant day = o.from().truncatedTo(ChronoUnit.DAYS); day.isBefore(o.to()); day = day.plus(Duration.ofDays(1))) {
                int sessions = (int) Math.round(random.nextDouble() * 2 * o.sessionsPerDeviceDay());
                for (int s = 0; s < sessions; s++) {
                    String user = random.nextInt(10) == 0 ? null
                            : random.nextInt(5) == 0 ? "CORP\\u" + random.nextInt(userPool) : mainUser;
                    long startMs = random.nextInt(10) < 2
                            ? Duration.ofHours(23).toMillis() + random.nextInt(3_600_000) // runs over midnight
                            : random.nextInt(86_400_000);
                    session(random, o, device, user, day.plusMillis(startMs), events);
                }
            }
            events.sort(Comparator.comparing(UsageRecord::occurredAt));
            List<UsageRecord> numbered = new ArrayList<>(events.size());
            long seq = 1;
            for (UsageRecord e : events) {
                numbered.add(new UsageRecord(e.device(), seq++, e.type(), e.occurredAt(), e.session(), e.product(),
                        e.user(), e.activeSeconds(), e.idleSeconds(), e.processStartedAt()));
            }
            byDevice.put(device, Collections.unmodifiableList(numbered));
        }
        return new UsageScenario(o, Collections.unmodifiableMap(byDevice), Collections.unmodifiableSet(offline));
    }

    /** One session's events (without seq yet); events after the scenario's end are never generated. */
    private static void session(Random random, Options o, String device, String user, Instant start,
                                List<UsageRecord> out) {
        if (start.isBefore(o.from()) || !start.isBefore(o.to())) {
            return;
        }
        String product = o.products().get(random.nextInt(o.products().size()));
        String id = new UUID(random.nextLong(), random.nextLong()).toString();
        int kind = random.nextInt(100);
        boolean launchOnly = kind < 3;
        boolean heartbeatFirst = kind >= 3 && kind < 13;
        boolean exit = random.nextInt(100) < 85;
        long lengthMs = launchOnly ? 0 : 60_000L + (long) (random.nextDouble() * (o.maxSessionMinutes() - 1) * 60_000);
        Instant end = start.plusMillis(lengthMs);
        if (heartbeatFirst) {
            Instant processStart = start.minusSeconds(random.nextInt(600));
            out.add(new UsageRecord(device, 0, "HEARTBEAT", start, id, product, user, 0, 0, processStart));
        } else {
            out.add(new UsageRecord(device, 0, "LAUNCH", start, id, product, user, 0, 0, null));
        }
        if (launchOnly) {
            return;
        }
        Instant previous = start;
        for (Instant t = start.plusSeconds(o.heartbeatSeconds()); t.isBefore(end) && t.isBefore(o.to());
             t = t.plusSeconds(o.heartbeatSeconds())) {
            out.add(timed(device, "HEARTBEAT", previous, t, id, product, user, random));
            previous = t;
        }
        if (exit && end.isBefore(o.to())) {
            out.add(timed(device, "EXIT", previous, end, id, product, user, random));
        }
    }

    private static UsageRecord timed(String device, String type, Instant previous, Instant at, String session,
                                     String product, String user, Random random) {
        int gap = (int) Duration.between(previous, at).toSeconds();
        int active = gap == 0 ? 0 : random.nextInt(gap + 1);
        return new UsageRecord(device, 0, type, at, session, product, user, active, gap - active, null);
    }

    public Options options() {
        return options;
    }

    /** Each device's events in seq order. */
    public Map<String, List<UsageRecord>> byDevice() {
        return byDevice;
    }

    public boolean isOffline(String device) {
        return offline.contains(device);
    }

    public List<UsageRecord> events() {
        List<UsageRecord> all = new ArrayList<>();
        byDevice.values().forEach(all::addAll);
        return all;
    }

    public int size() {
        return byDevice.values().stream().mapToInt(List::size).sum();
    }
}
