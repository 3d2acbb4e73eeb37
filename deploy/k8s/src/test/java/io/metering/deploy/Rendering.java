package io.metering.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One way of installing the chart: its values files, the manifests helm renders for them and the merged values. */
record Rendering(String name, Manifests manifests, Map<String, Object> values) {

    static final Path PRODUCTION = Repo.path("deploy/k8s/values-production.yaml");

    /** Defaults only, the production example, and existing infrastructure (no operator resources). */
    static List<Rendering> all() {
        return ALL;
    }

    private static final List<Rendering> ALL = List.of(
            new Rendering("defaults", HelmChart.render(), Values.merged()),
            new Rendering("values-production.yaml", HelmChart.render(PRODUCTION), Values.merged(PRODUCTION)),
            new Rendering("existing infrastructure", HelmChart.render(List.of(), Map.of(
                    "kafka.create", false, "kafka.bootstrapServers", "kafka.example:9092",
                    "database.create", false, "database.jdbcUrl", "jdbc:postgresql://db.example:5432/metering",
                    "database.existingSecret", "metering-db", "keycloak.create", false,
                    "oidc.url", "https://id.example/realms/metering")), Values.merged()));

    boolean creates(String part) {
        return !name.equals("existing infrastructure") || !List.of("kafka", "database", "keycloak").contains(part);
    }

    @Override
    public String toString() {
        return name;
    }
}
