package io.metering.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void aProcessThatEndedInsideTheWindowDoesNotTakeItsLifeOutOfItsPart() {
        ProcessCpu earlier = new ProcessCpu(Map.of("other/-/100@5", 40.0, "other/-/200@7", 1.0,
                "Kafka broker/-/300@9", 10.0), Map.of());
        ProcessCpu later = new ProcessCpu(Map.of("other/-/200@7", 3.5, "Kafka broker/-/300@9", 14.0), Map.of());

        Map<String, Double> used = later.since(earlier).seconds();

        assertThat(used).containsEntry("other", 2.5).containsEntry("Kafka broker", 4.0);
    }

    @Test
    void aPostgresBackendReapedInsideTheWindowCountsOnlyItsTimeInsideTheWindow() {
        // the postmaster's figure includes the lives of the processes it reaped: 20 s at first, then
        // 20 + 9 (backend 501, 6 s of it before the window) + 2 of its own
        ProcessCpu earlier = new ProcessCpu(Map.of("PostgreSQL/postmaster, ended procs/500@1", 20.0,
                "PostgreSQL/connections/501@3", 6.0, "PostgreSQL/connections/502@4", 5.0), Map.of());
        ProcessCpu later = new ProcessCpu(Map.of("PostgreSQL/postmaster, ended procs/500@1", 31.0,
                "PostgreSQL/connections/502@4", 8.0), Map.of());

        ProcessCpu used = later.since(earlier);

        assertThat(used.seconds()).containsEntry("PostgreSQL", 8.0); // 11 - 6 + 3
        assertThat(used.report(1.0)).contains("    connections                 3.0 s")
                .contains("    postmaster, ended procs     5.0 s");
    }

    @Test
    void postgresIsSplitByTheRoleOfItsProcesses() {
        ProcessCpu cpu = new ProcessCpu(Map.of("PostgreSQL/connections/10@1", 6.0, "PostgreSQL/autovacuum/11@2", 1.5,
                "PostgreSQL/WAL writer/12@1", 0.5, "PostgreSQL/checkpointer, bgwriter/13@1", 0.2,
                "PostgreSQL/postmaster, ended procs/9@1", 0.3), Map.of());

        assertThat(cpu.report(2.0)).contains("""
                  PostgreSQL                    8.5 s  4.25 cores
                    connections                 6.0 s
                    autovacuum                  1.5 s
                    WAL writer                  0.5 s
                    checkpointer, bgwriter      0.2 s
                    postmaster, ended procs     0.3 s
                """);
    }

    @Test
    void aReusedPidIsANewProcessCountedFromItsStart() {
        ProcessCpu earlier = new ProcessCpu(Map.of("billing-service/-/700@10", 30.0), Map.of());
        ProcessCpu later = new ProcessCpu(Map.of("billing-service/-/700@950", 2.0), Map.of());

        assertThat(later.since(earlier).seconds()).containsEntry("billing-service", 2.0);
    }

    @Test
    void everyPartIsListedInReportOrderEvenWithoutProcesses() {
        ProcessCpu cpu = new ProcessCpu(Map.of("Keycloak/-/9@1", 1.0), Map.of());

        assertThat(cpu.seconds()).containsOnlyKeys("benchmark (load, polls)", "ingest-service", "PostgreSQL",
                "Kafka broker", "billing-service", "Keycloak", "other");
        assertThat(cpu.seconds().keySet()).startsWith("benchmark (load, polls)").endsWith("other");
    }
}
