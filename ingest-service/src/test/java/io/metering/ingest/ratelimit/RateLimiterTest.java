package io.metering.ingest.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

import io.metering.ingest.error.ApiException;

class RateLimiterTest {

    static RateLimitSettings limits(double deviceRate, double deviceBurst, double tenantRate, double tenantBurst) {
        return new RateLimitSettings() {
            public double deviceBatchesPerSecond() { return deviceRate; }
            public double deviceBurst() { return deviceBurst; }
            public double tenantEventsPerSecond() { return tenantRate; }
            public double tenantBurst() { return tenantBurst; }
        };
    }

    @Test
    void aDeviceOverItsBurstIsToldWhenToRetry() {
        RateLimiter limiter = new RateLimiter(limits(0.5, 2, 0, 0));
        limiter.admitBatch("t", "d1");
        limiter.admitBatch("t", "d1");
        ApiException.TryLater refused = catchThrowableOfType(ApiException.TryLater.class, () -> limiter.admitBatch("t", "d1"));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.retryAfterSeconds()).hasValueSatisfying(s -> assertThat(s).isBetween(1L, 3L));
        assertThat(refused.getMessage()).contains("device d1");
    }

    @Test
    void devicesAndTenantsHaveTheirOwnBuckets() {
        RateLimiter limiter = new RateLimiter(limits(1, 1, 100, 100));
        limiter.admitBatch("t", "d1");
        assertThatCode(() -> limiter.admitBatch("t", "d2")).doesNotThrowAnyException();
        assertThatCode(() -> limiter.admitBatch("other", "d1")).doesNotThrowAnyException();
        limiter.admitEvents("t", 100);
        assertThat(catchThrowableOfType(ApiException.TryLater.class, () -> limiter.admitEvents("t", 10)).status())
                .isEqualTo(429);
        assertThatCode(() -> limiter.admitEvents("other", 100)).doesNotThrowAnyException();
    }

    @Test
    void aBatchLargerThanTheBurstPassesWhenTheBucketIsFull() {
        RateLimiter limiter = new RateLimiter(limits(0, 0, 10, 50));
        assertThatCode(() -> limiter.admitEvents("t", 500)).doesNotThrowAnyException();
        assertThat(catchThrowableOfType(ApiException.TryLater.class, () -> limiter.admitEvents("t", 1)).retryAfterSeconds())
                .isPresent();
    }

    @Test
    void aLimitOfZeroIsOff() {
        RateLimiter limiter = new RateLimiter(limits(0, 0, 0, 0));
        for (int i = 0; i < 1000; i++) {
            limiter.admitBatch("t", "d");
            limiter.admitEvents("t", 1_000_000);
        }
    }
}
