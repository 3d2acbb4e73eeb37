package io.metering.billing.bill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.metering.billing.error.ApiException;

class BillLifecycleTest {

    final BillPeriod november = BillPeriod.parse("2026-11", Instant.parse("2026-12-10T00:00:00Z"));
    final BillLifecycle lifecycle = new BillLifecycle(3);

    @Test
    void aBillIsFinalizableThreeDaysAfterItsPeriodEnds() {
        assertThat(lifecycle.finalizableFrom(november)).isEqualTo("2026-12-04T00:00:00Z");
        assertThat(lifecycle.finalizable(november, Instant.parse("2026-12-03T23:59:59Z"))).isFalse();
        assertThat(lifecycle.finalizable(november, Instant.parse("2026-12-04T00:00:00Z"))).isTrue();
    }

    @Test
    void finalizingEarlyIsAConflictThatSaysWhy() {
        assertThatThrownBy(() -> lifecycle.requireFinalizable(november, Instant.parse("2026-11-20T00:00:00Z")))
                .isInstanceOf(ApiException.Conflict.class).hasMessageContaining("still open")
                .hasMessageContaining("2026-12-04T00:00:00Z");
        assertThatThrownBy(() -> lifecycle.requireFinalizable(november, Instant.parse("2026-12-02T00:00:00Z")))
                .isInstanceOf(ApiException.Conflict.class).hasMessageContaining("grace period");
    }

    @Test
    void periodsAreMonthsAndNeverInTheFuture() {
        Instant now = Instant.parse("2026-11-25T08:00:00Z");
        assertThat(BillPeriod.parse("2026-11", now).start()).isEqualTo("2026-11-01T00:00:00Z");
        assertThat(BillPeriod.parse("2026-11", now).end()).isEqualTo("2026-12-01T00:00:00Z");
        assertThat(BillPeriod.parse("2024-02", now).days()).isEqualTo(29);
        assertThatThrownBy(() -> BillPeriod.parse("2026-12", now)).isInstanceOf(ApiException.Invalid.class)
                .hasMessageContaining("future");
        for (String bad : new String[] {"2026-13", "2026-1", "nov", "2026-11-01", ""}) {
            assertThatThrownBy(() -> BillPeriod.parse(bad, now)).isInstanceOf(ApiException.Invalid.class)
                    .hasMessageContaining("YYYY-MM");
        }
    }
}
