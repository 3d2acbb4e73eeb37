package io.metering.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/compose/docker-compose.yml read as YAML (no Docker engine here): the structure docker compose
 * needs, pinned images, unique host ports, files that exist, and environment the services really read.
 */
class ComposeFileTest {

    private static final Path DIR = Repo.path("deploy/compose");
    private static final Set<String> QUARKUS_SERVICES = Set.of("ingest-service", "billing-service");

    @Test
    void everyServiceRunsAPinnedImageAndDependsOnlyOnServicesOfTheFile() {
        Map<String, Object> services = services();
        assertThat(services).containsKeys("timescaledb", "kafka", "keycloak", "ingest-service", "billing-service",
                "agent-simulator");
        services.forEach((name, s) -> {
            Map<String, Object> service = HelmChartTest.asMap(s);
            assertThat(service).as(name + " builds nothing: its image is made elsewhere").doesNotContainKey("build");
            HelmChartTest.assertPinned(String.valueOf(service.get("image")));
            Object dependsOn = service.get("depends_on");
            if (dependsOn instanceof Map<?, ?> deps) {
                assertThat(services.keySet()).as(name + " depends_on").containsAll(HelmChartTest.asMap(deps).keySet());
            }
        });
    }

    @Test
    void theServicesImagesAreTheOnesQuarkusJibBuilds() throws IOException {
        for (String service : QUARKUS_SERVICES) {
            String properties = Files.readString(Repo.path(service + "/src/main/resources/application.properties"));
            String version = new String(Files.readAllBytes(Repo.path("pom.xml")))
                    .replaceAll("(?s).*?<artifactId>metering-parent</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
            assertThat(properties).contains("quarkus.container-image.group=metering", "quarkus.container-image.name=" + service,
                    "quarkus.container-image.build=false");
            assertThat(HelmChartTest.asMap(services().get(service)).get("image")).isEqualTo("metering/" + service + ":" + version);
        }
    }

    @Test
    void publishedHostPortsAreUnique() {
        List<String> hostPorts = new ArrayList<>();
        services().forEach((name, s) -> {
            Object ports = HelmChartTest.asMap(s).get("ports");
            if (ports instanceof List<?> list) {
                for (Object port : list) {
                    String[] parts = port.toString().split(":");
                    assertThat(parts).as(name + " publishes host:container").hasSizeGreaterThanOrEqualTo(2);
                    hostPorts.add(parts[parts.length - 2]);
                }
            }
        });
        assertThat(hostPorts).doesNotHaveDuplicates().contains("8080", "8081", "8180");
    }

    @Test
    void theQuarkusServicesEnvironmentNamesConfigurationKeysTheyRead() {
        for (String service : QUARKUS_SERVICES) {
            ServiceConfig config = ServiceConfig.of(service);
            Map<String, Object> env = HelmChartTest.asMap(HelmChartTest.asMap(services().get(service)).get("environment"));
            assertThat(env.keySet()).as(service + " environment").allMatch(config::reads, "is read by " + service)
                    .contains("QUARKUS_HTTP_HOST", "QUARKUS_DATASOURCE_JDBC_URL", "METERING_KAFKA_BOOTSTRAP_SERVERS",
                            "METERING_OIDC_URL");
            assertThat(env.get("QUARKUS_HTTP_HOST")).as("reachable from other containers").isEqualTo("0.0.0.0");
        }
    }

    @Test
    void everyMountedFileOfTheRepositoryExists() {
        services().forEach((name, s) -> {
            Object volumes = HelmChartTest.asMap(s).get("volumes");
            if (volumes instanceof List<?> list) {
                for (Object volume : list) {
                    String source = volume.toString().split(":")[0];
                    if (source.startsWith(".")) {
                        Path file = DIR.resolve(source).normalize();
                        boolean built = file.toString().contains("/target/");
                        assertThat(built || Files.exists(file)).as(name + " mounts " + source).isTrue();
                    }
                }
            }
        });
        assertThat(DIR.resolve("../keycloak/metering-realm.json")).exists();
    }

    @Test
    void theFleetSimulatorRunsTheAgentsSimulateCommandAgainstTheIngestService() {
        Map<String, Object> simulator = HelmChartTest.asMap(services().get("agent-simulator"));
        String command = String.join(" ", ((List<?>) simulator.get("command")).stream().map(String::valueOf).toList());
        assertThat(command).contains("metering-agent.jar simulate", "--server http://ingest-service:8081", "--enroll-token");
        Map<String, Object> ingestEnv = HelmChartTest.asMap(HelmChartTest.asMap(services().get("ingest-service")).get("environment"));
        assertThat(ingestEnv.get("METERING_ENROLLMENT_INGEST_URL")).isEqualTo("http://ingest-service:8081");
    }

    private static Map<String, Object> services() {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            Map<String, Object> compose = new Yaml(options).load(Files.readString(DIR.resolve("docker-compose.yml")));
            return HelmChartTest.asMap(compose.get("services"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
