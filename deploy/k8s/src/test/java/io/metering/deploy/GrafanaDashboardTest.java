package io.metering.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * deploy/grafana/metering-dashboard.json: importable anywhere (a Prometheus datasource variable, no fixed
 * datasource) and charting every metric the issue asks for. Whether the services publish those names is
 * not checked here (it needs running services: their /q/metrics).
 */
class GrafanaDashboardTest {

    static final List<String> METRICS = List.of(
            "metering_ingest_events_total", "metering_ingest_batch_events_bucket", "metering_ingest_batch_bytes_bucket",
            "metering_dlq_events_total", "metering_streams_lag_records", "metering_leases_total",
            "http_server_requests_seconds_count", "jvm_memory_used_bytes", "process_cpu_usage",
            "metering_alert_latency_seconds_bucket", "metering_alerts_total", "metering_webhook_deliveries_total");

    @Test
    void everyQueryUsesThePrometheusDatasourceVariable() throws IOException {
        JsonNode dashboard = dashboard();
        JsonNode datasource = null;
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("datasource")) {
                datasource = variable;
            }
        }
        assertThat(datasource).as("a datasource variable").isNotNull();
        assertThat(datasource.path("query").asText()).isEqualTo("prometheus");
        String reference = "${" + datasource.path("name").asText() + "}";
        for (JsonNode target : targets(dashboard)) {
            assertThat(target.path("datasource").path("uid").asText()).isEqualTo(reference);
            assertThat(target.path("expr").asText()).isNotBlank();
        }
    }

    @Test
    void itChartsIngestRateBatchSizesLagDeadLettersLeasesAlertLatencyAndTheJvm() throws IOException {
        String expressions = String.join("\n", targets(dashboard()).stream().map(t -> t.path("expr").asText()).toList());
        assertThat(expressions).contains(METRICS);
        assertThat(expressions).contains("histogram_quantile(0.99, sum by (le) (rate(metering_alert_latency_seconds_bucket");
    }

    private static List<JsonNode> targets(JsonNode dashboard) {
        List<JsonNode> targets = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panel.path("targets").forEach(targets::add);
        }
        assertThat(targets).isNotEmpty();
        return targets;
    }

    private static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(Repo.path("deploy/grafana/metering-dashboard.json").toFile());
    }
}
