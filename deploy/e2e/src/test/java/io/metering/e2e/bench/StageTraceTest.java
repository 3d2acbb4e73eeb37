package io.metering.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class StageTraceTest {

    @Test
    void theLagIsReadFromThePrometheusPageWithOrWithoutTags() {
        String page = """
                # HELP metering_streams_lag_records Records the topology has yet to read
                # TYPE metering_streams_lag_records gauge
                metering_streams_lag_records 1570.0
                metering_streams_lag_records_other 3.0
                """;
        assertThat(StageTrace.lagFrom(page)).isEqualTo(1570.0);
        assertThat(StageTrace.lagFrom("metering_streams_lag_records{instance=\"a\"} 12.0\n")).isEqualTo(12.0);
    }

    @Test
    void aPageWithoutTheGaugeGivesNoLag() {
        assertThat(StageTrace.lagFrom("jvm_threads_live_threads 80.0\n")).isNaN();
    }

    @Test
    void theTablePrintsWhatEachSecondAddedNotTheRunningTotals() {
        List<StageTrace.Sample> samples = List.of(
                new StageTrace.Sample(0.0, 0, 0, 1_000, 10, 5, 1.0, 2.0, 100.0),
                new StageTrace.Sample(1.0, 80_000, 1570, 61_000, 10, 5, 1.2, 2.5, 101.8),
                new StageTrace.Sample(2.0, 160_000, Double.NaN, 121_000, 310, 905, 1.9, 2.6, 102.9));

        String[] lines = StageTrace.table(samples).split("\n");

        assertThat(lines).hasSize(4);
        assertThat(lines[2].trim().split("\\s+")).containsExactly("1.0", "80,000", "1,570", "60,000", "0", "0", "0.20", "/",
                "0.50", "1.80");
        assertThat(lines[3].trim().split("\\s+")).containsExactly("2.0", "80,000", "-", "60,000", "300", "900", "0.70", "/",
                "0.10", "1.10");
    }
}
