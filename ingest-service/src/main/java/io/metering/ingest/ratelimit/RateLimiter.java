package io.metering.ingest.ratelimit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.metering.ingest.error.ApiException;
import io.quarkus.scheduler.Scheduled;

/**
 * Per-device (batches) and per-tenant (events) token buckets; a request over either limit is
 * answered 429 with the seconds after which it would pass in {@code Retry-After}. Buckets that are
 * full again are dropped every minute, so idle devices cost nothing. Thread-safe.
 */
@ApplicationScoped
public class RateLimiter {

    private final RateLimitSettings settings;
    private final ConcurrentMap<String, TokenBucket> devices = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, TokenBucket> tenants = new ConcurrentHashMap<>();

    @Inject
    public RateLimiter(RateLimitSettings settings) {
        this.settings = settings;
    }

    /** One batch of a device; 429 when the device uploads faster than allowed. */
    public void admitBatch(String tenant, String device) {
        if (settings.deviceBatchesPerSecond() <= 0) {
            return;
        }
        long now = System.nanoTime();
        TokenBucket bucket = devices.computeIfAbsent(tenant + "/" + device,
                k -> new TokenBucket(settings.deviceBatchesPerSecond(), settings.deviceBurst(), now));
        refuseIfWaiting(bucket.tryTake(1, now), "device " + device + " uploads more than "
                + settings.deviceBatchesPerSecond() + " batches per second");
    }

    /** {@code events} events of a tenant; 429 when the tenant sends faster than allowed. */
    public void admitEvents(String tenant, int events) {
        if (settings.tenantEventsPerSecond() <= 0) {
            return;
        }
        long now = System.nanoTime();
        TokenBucket bucket = tenants.computeIfAbsent(tenant,
                k -> new TokenBucket(settings.tenantEventsPerSecond(), settings.tenantBurst(), now));
        refuseIfWaiting(bucket.tryTake(events, now), "tenant " + tenant + " sends more than "
                + (long) settings.tenantEventsPerSecond() + " events per second");
    }

    @Scheduled(every = "60s")
    void forgetIdle() {
        long now = System.nanoTime();
        devices.values().removeIf(b -> b.isFull(now));
        tenants.values().removeIf(b -> b.isFull(now));
    }

    private static void refuseIfWaiting(long waitNanos, String why) {
        if (waitNanos > 0) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos) + 1);
            throw new ApiException.TryLater(429, "rate_limited", "Too many requests: " + why
                    + "; retry after " + seconds + " s", seconds);
        }
    }
}
