package io.metering.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void aProcessThatEndedInsideTheWindowDoesNotTakeItsLifeOutOfItsPart() {
        ProcessCpu earlier = new ProcessCpu(Map.of("other/100@5", 40.0, "other/200@7", 1.0,
                "Kafka broker/300@9", 10.0), Map.of());
        ProcessCpu later = new ProcessCpu(Map.of("other/200@7", 3.5, "Kafka broker/300@9", 14.0), Map.of());

        Map<String, Double> used = later.since(earlier).seconds();

        assertThat(used).containsEntry("other", 2.5).containsEntry("Kafka broker", 4.0);
    }

    @Test
    void aPostgresBackendReapedInsideTheWindowCountsOnlyItsTimeInsideTheWindow() {
        // the postmaster's figure includes the lives of the backends it reaped: 20 s at first, then
        // 20 + 9 (backend 501, 6 s of it before the window) + 2 of its own
        ProcessCpu earlier = new ProcessCpu(Map.of("PostgreSQL/500@1", 20.0, "PostgreSQL/501@3", 6.0,
                "PostgreSQL/502@4", 5.0), Map.of());
        ProcessCpu later = new ProcessCpu(Map.of("PostgreSQL/500@1", 31.0, "PostgreSQL/502@4", 8.0), Map.of());

        assertThat(later.since(earlier).seconds()).containsEntry("PostgreSQL", 8.0); // 11 - 6 + 3
    }

    @Test
    void aReusedPidIsANewProcessCountedFromItsStart() {
        ProcessCpu earlier = new ProcessCpu(Map.of("billing-service/700@10", 30.0), Map.of());
        ProcessCpu later = new ProcessCpu(Map.of("billing-service/700@950", 2.0), Map.of());

        assertThat(later.since(earlier).seconds()).containsEntry("billing-service", 2.0);
    }

    @Test
    void everyPartIsListedInReportOrderEvenWithoutProcesses() {
        ProcessCpu cpu = new ProcessCpu(Map.of("Keycloak/9@1", 1.0), Map.of());

        assertThat(cpu.seconds()).containsOnlyKeys("benchmark (load, polls)", "ingest-service", "PostgreSQL",
                "Kafka broker", "billing-service", "Keycloak", "other");
        assertThat(cpu.seconds().keySet()).startsWith("benchmark (load, polls)").endsWith("other");
    }
}
