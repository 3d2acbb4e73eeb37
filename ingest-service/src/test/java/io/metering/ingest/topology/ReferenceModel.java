package io.metering.ingest.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.metering.schemas.ConsumptionMinute;
import io.metering.schemas.EventType;
import io.metering.schemas.Session;
import io.metering.schemas.UsageEvent;

/**
 * DESIGN.md section 5 computed the slow, obvious way from the whole set of events at once,
 * independently of the topology's incremental code: the expected final sink contents.
 */
final class ReferenceModel {

    /** Values of one minute compared between model and topology. */
    record MinuteValues(int sessions, int users, int launches, long activeSeconds) {
        static MinuteValues of(ConsumptionMinute m) {
            return new MinuteValues(m.getSessions(), m.getUsers(), m.getLaunches(), m.getActiveSeconds());
        }
    }

    /** Values of one session compared between model and topology (all but version). */
    record SessionValues(String product, String user, long start, long end, boolean closed, int launches,
            long active, long idle, int events) {
        static SessionValues of(Session s) {
            return new SessionValues(s.getProductId(), s.getUser(), s.getStartedAt().toEpochMilli(),
                    s.getEndedAt().toEpochMilli(), s.getClosed(), s.getLaunches(), s.getActiveSeconds(),
                    s.getIdleSeconds(), s.getEvents());
        }
    }

    private ReferenceModel() {
    }

    static Map<String, SessionValues> sessions(List<UsageEvent> events) {
        Map<String, SessionValues> out = new TreeMap<>();
        bySession(events).forEach((key, list) -> out.put(key, session(list)));
        return out;
    }

    static Map<String, MinuteValues> minutes(List<UsageEvent> events) {
        Map<String, Set<String>> sessions = new HashMap<>();
        Map<String, Set<String>> users = new HashMap<>();
        Map<String, long[]> launchesAndActive = new HashMap<>();
        for (Map.Entry<String, List<UsageEvent>> e : bySession(events).entrySet()) {
            SessionValues s = session(e.getValue());
            UsageEvent any = e.getValue().get(0);
            String user = s.user() != null ? "user:" + s.user() : "device:" + any.getDeviceId();
            for (long m = Math.floorDiv(s.start(), 60_000L) * 60_000L; m <= s.end(); m += 60_000L) {
                boolean overlaps = s.start() < m + 60_000L && s.end() > m;
                boolean zeroLengthHere = s.start() == s.end() && s.start() >= m && s.start() < m + 60_000L;
                if (overlaps || zeroLengthHere) {
                    String key = any.getTenantId() + "/" + s.product() + "/" + m;
                    sessions.computeIfAbsent(key, k -> new HashSet<>()).add(e.getKey());
                    users.computeIfAbsent(key, k -> new HashSet<>()).add(user);
                }
            }
            for (UsageEvent event : e.getValue()) {
                long m = Math.floorDiv(event.getOccurredAt().toEpochMilli(), 60_000L) * 60_000L;
                long[] la = launchesAndActive.computeIfAbsent(
                        event.getTenantId() + "/" + event.getProductId() + "/" + m, k -> new long[2]);
                la[0] += event.getType() == EventType.LAUNCH ? 1 : 0;
                la[1] += event.getActiveSeconds();
            }
        }
        Set<String> keys = new HashSet<>(sessions.keySet());
        keys.addAll(launchesAndActive.keySet());
        Map<String, MinuteValues> out = new TreeMap<>();
        for (String key : keys) {
            long[] la = launchesAndActive.getOrDefault(key, new long[2]);
            MinuteValues v = new MinuteValues(sessions.getOrDefault(key, Set.of()).size(),
                    users.getOrDefault(key, Set.of()).size(), (int) la[0], la[1]);
            if (!v.equals(new MinuteValues(0, 0, 0, 0))) {
                out.put(key, v);
            }
        }
        return out;
    }

    /** Metered events without repeats, grouped by tenant/device/session. */
    private static Map<String, List<UsageEvent>> bySession(List<UsageEvent> events) {
        Set<String> seen = new HashSet<>();
        Map<String, List<UsageEvent>> out = new LinkedHashMap<>();
        for (UsageEvent e : events) {
            boolean metered = e.getProductId() != null && (e.getType() == EventType.LAUNCH
                    || e.getType() == EventType.HEARTBEAT || e.getType() == EventType.EXIT);
            if (metered && seen.add(e.getTenantId() + "/" + e.getDeviceId() + "#" + e.getSeq())) {
                out.computeIfAbsent(e.getTenantId() + "/" + e.getDeviceId() + "/" + e.getSessionId(),
                        k -> new ArrayList<>()).add(e);
            }
        }
        return out;
    }

    private static SessionValues session(List<UsageEvent> events) {
        Long launchAt = null;
        Long otherStart = null;
        Long exitAt = null;
        long last = Long.MIN_VALUE;
        String product = null;
        String user = null;
        int launches = 0;
        long active = 0;
        long idle = 0;
        for (UsageEvent e : events) {
            long at = e.getOccurredAt().toEpochMilli();
            last = Math.max(last, at);
            product = product == null || e.getProductId().compareTo(product) < 0 ? e.getProductId() : product;
            if (e.getUser() != null && (user == null || e.getUser().compareTo(user) < 0)) {
                user = e.getUser();
            }
            active += e.getActiveSeconds();
            idle += e.getIdleSeconds();
            if (e.getType() == EventType.LAUNCH) {
                launches++;
                launchAt = launchAt == null ? at : Math.min(launchAt, at);
            } else {
                long candidate = e.getProcessStartedAt() != null && e.getProcessStartedAt().toEpochMilli() <= at
                        ? e.getProcessStartedAt().toEpochMilli() : at;
                otherStart = otherStart == null ? candidate : Math.min(otherStart, candidate);
                if (e.getType() == EventType.EXIT) {
                    exitAt = exitAt == null ? at : Math.max(exitAt, at);
                }
            }
        }
        long start = launchAt != null ? launchAt : otherStart;
        long end = Math.max(start, exitAt != null ? exitAt : last);
        return new SessionValues(product, user, start, end, exitAt != null, launches, active, idle, events.size());
    }
}
