package io.metering.ingest.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import io.metering.schemas.EventType;
import io.metering.schemas.UsageEvent;

/**
 * A random but reproducible fleet: overlapping sessions of several products, users (some
 * without) and devices of two tenants around midnight, with missing LAUNCHes and EXITs,
 * processStartedAt on some heartbeats, unrecognised and DENIED events, and repeats.
 */
final class RandomScenario {

    static final Instant BASE = Instant.parse("2026-11-30T23:30:00Z");
    private static final String[] TENANTS = {"acme", "globex"};
    private static final String[] PRODUCTS = {"autocad", "revit", "office"};
    private static final String[] USERS = {"alice", "bob", "carol", null};

    private RandomScenario() {
    }

    /** The events in occurrence order, each device's seqs increasing with occurredAt, then repeats appended. */
    static List<UsageEvent> generate(long seed, int sessions) {
        Random random = new Random(seed);
        List<Draft> drafts = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            drafts.addAll(session(random, "s" + i));
        }
        drafts.sort(Comparator.comparing(Draft::occurredAt));
        List<UsageEvent> events = new ArrayList<>();
        java.util.Map<String, Long> seqs = new java.util.HashMap<>();
        for (Draft d : drafts) {
            long seq = seqs.merge(d.tenant + "/" + d.device, 1L, Long::sum);
            UsageEvent e = TestEvents.event(d.tenant, d.device, seq, d.type, d.session, d.product, d.user, d.occurredAt);
            e.setActiveSeconds(d.active);
            e.setIdleSeconds(d.idle);
            e.setProcessStartedAt(d.processStartedAt);
            events.add(e);
        }
        int repeats = events.size() / 10;
        for (int i = 0; i < repeats; i++) {
            events.add(events.get(random.nextInt(events.size())));
        }
        return events;
    }

    private static List<Draft> session(Random random, String sessionId) {
        String tenant = TENANTS[random.nextInt(TENANTS.length)];
        String device = "dev-" + random.nextInt(3);
        String product = random.nextInt(20) == 0 ? null : PRODUCTS[random.nextInt(PRODUCTS.length)];
        String user = USERS[random.nextInt(USERS.length)];
        Instant start = BASE.plusMillis(random.nextInt(90 * 60_000));
        List<Draft> out = new ArrayList<>();
        if (random.nextInt(10) < 8) {
            out.add(new Draft(tenant, device, sessionId, product, user, EventType.LAUNCH, start, 0, 0, null));
        }
        if (random.nextInt(15) == 0) {
            out.add(new Draft(tenant, device, sessionId, product, user, EventType.DENIED, start, 0, 0, null));
            return out;
        }
        Instant at = start;
        Instant processStartedAt = start.minusMillis(random.nextInt(20_000));
        int heartbeats = random.nextInt(7);
        for (int h = 0; h < heartbeats; h++) {
            at = at.plusMillis(55_000 + random.nextInt(10_000));
            out.add(new Draft(tenant, device, sessionId, product, user, EventType.HEARTBEAT, at,
                    random.nextInt(61), random.nextInt(61), random.nextBoolean() ? processStartedAt : null));
        }
        if (random.nextInt(10) < 7) {
            out.add(new Draft(tenant, device, sessionId, product, user, EventType.EXIT,
                    at.plusMillis(1 + random.nextInt(50_000)), random.nextInt(50), 0, null));
        }
        return out;
    }

    private record Draft(String tenant, String device, String session, String product, String user,
            EventType type, Instant occurredAt, int active, int idle, Instant processStartedAt) {
    }
}
