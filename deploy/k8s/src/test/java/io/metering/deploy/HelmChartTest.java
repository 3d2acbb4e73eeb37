package io.metering.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

/**
 * Renders deploy/k8s/metering three ways ({@link Rendering}) and checks what a cluster's API server and
 * operators would refuse or silently ignore, and what the services need to start. deploy/k8s/README.md
 * lists what this does not check.
 */
class HelmChartTest {

    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    /** Names of variables that carry credentials (a TOKEN_URL or TOKEN_ISSUER is an address, not a credential). */
    private static final Pattern SENSITIVE =
            Pattern.compile("(.*_)?(PASSWORD|SECRET|CREDENTIALS?|PRIVATE_KEY|API_KEY)(_.*)?|(.*_)?TOKEN");

    static List<Rendering> renderings() {
        return Rendering.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyDocumentIsAKindWeCheckWithoutUnknownFieldsAndWithValidNamesAndLabels(Rendering r) {
        List<String> problems = new ArrayList<>(r.manifests().problems());
        for (Manifests.Manifest m : r.manifests().all()) {
            if (m.name().length() > 253 || !DNS_SUBDOMAIN.matcher(m.name()).matches()) {
                problems.add(m + ": name is not a DNS subdomain");
            }
            Object labels = ((Map<?, ?>) m.raw().get("metadata")).get("labels");
            if (labels instanceof Map<?, ?> map) {
                map.forEach((k, v) -> {
                    if (!(v instanceof String s) || s.length() > 63 || !LABEL_VALUE.matcher(s).matches()) {
                        problems.add(m + ": label " + k + "=" + v + " is not a valid label value");
                    }
                });
            }
        }
        assertThat(problems).isEmpty();
        assertThat(r.manifests().of(Deployment.class)).as("both services").hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyDeploymentProbesQuarkusHealthAndDeclaresCpuAndMemoryRequestsAndLimits(Rendering r) {
        for (Deployment d : r.manifests().of(Deployment.class)) {
            Container c = Pods.container(d);
            Set<String> ports = c.getPorts().stream().map(p -> p.getName()).collect(Collectors.toSet());
            assertThat(httpGet(c.getReadinessProbe(), d)).satisfies(get -> {
                assertThat(get.getPath()).isEqualTo("/q/health/ready");
                assertThat(ports).contains(get.getPort().getStrVal());
            });
            assertThat(httpGet(c.getLivenessProbe(), d)).satisfies(get -> {
                assertThat(get.getPath()).isEqualTo("/q/health/live");
                assertThat(ports).contains(get.getPort().getStrVal());
            });
            assertThat(httpGet(c.getStartupProbe(), d).getPath()).isEqualTo("/q/health/started");
            assertThat(c.getResources().getRequests()).as(d.getMetadata().getName() + " requests").containsKeys("cpu", "memory");
            assertThat(c.getResources().getLimits()).as(d.getMetadata().getName() + " limits").containsKeys("cpu", "memory");
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyDeploymentHasAServiceAPodDisruptionBudgetAndAnAutoscalerThatSelectIt(Rendering r) {
        Manifests m = r.manifests();
        for (Deployment d : m.of(Deployment.class)) {
            Map<String, String> pods = d.getSpec().getTemplate().getMetadata().getLabels();
            String name = d.getMetadata().getName();
            assertThat(Pods.selects(d.getSpec().getSelector().getMatchLabels(), pods)).as(name + " selects its own pods").isTrue();
            assertThat(m.of(Service.class)).as(name + " has a Service")
                    .anyMatch(s -> Pods.selects(s.getSpec().getSelector(), pods));
            assertThat(m.of(PodDisruptionBudget.class)).as(name + " has a PodDisruptionBudget")
                    .anyMatch(p -> Pods.selects(p.getSpec().getSelector().getMatchLabels(), pods));
            List<HorizontalPodAutoscaler> hpas = m.of(HorizontalPodAutoscaler.class).stream()
                    .filter(h -> h.getSpec().getScaleTargetRef().getKind().equals("Deployment")
                            && h.getSpec().getScaleTargetRef().getName().equals(name)).toList();
            assertThat(hpas).as(name + " has a HorizontalPodAutoscaler").hasSize(1);
            HorizontalPodAutoscaler hpa = hpas.get(0);
            assertThat(hpa.getSpec().getMinReplicas()).isPositive().isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
            assertThat(d.getSpec().getReplicas()).as(name + ": replicas are the autoscaler's to set").isNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyServiceSelectsThePodsOfADeploymentThroughAPortTheyDeclare(Rendering r) {
        for (Service s : r.manifests().of(Service.class)) {
            List<Deployment> targets = r.manifests().of(Deployment.class).stream()
                    .filter(d -> Pods.selects(s.getSpec().getSelector(), d.getSpec().getTemplate().getMetadata().getLabels()))
                    .toList();
            assertThat(targets).as(s.getMetadata().getName() + " selects exactly one Deployment").hasSize(1);
            Set<String> containerPorts = Pods.container(targets.get(0)).getPorts().stream()
                    .map(p -> p.getName()).collect(Collectors.toSet());
            for (ServicePort port : s.getSpec().getPorts()) {
                assertThat(containerPorts).as(s.getMetadata().getName() + " target port").contains(port.getTargetPort().getStrVal());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void noSecretIsRenderedAndEveryCredentialComesFromASecretReference(Rendering r) {
        assertThat(r.manifests().kind("Secret")).as("Secrets rendered by the chart").isEmpty();
        for (Deployment d : r.manifests().of(Deployment.class)) {
            for (EnvVar e : Pods.container(d).getEnv()) {
                if (SENSITIVE.matcher(e.getName()).matches()) {
                    assertThat(e.getValue()).as(d.getMetadata().getName() + " " + e.getName() + " literal value").isNull();
                    assertThat(e.getValueFrom().getSecretKeyRef()).as(d.getMetadata().getName() + " " + e.getName()).isNotNull();
                }
            }
        }
        String rendered = r.manifests().all().stream().map(m -> m.raw().toString()).collect(Collectors.joining("\n"));
        assertThat(rendered).as("the dev realm's public secrets").doesNotContain("agent-secret", "importer-secret");
        r.manifests().find("KeycloakRealmImport", HelmChart.RELEASE + "-keycloak-realm").ifPresent(realm -> {
            Map<String, Object> placeholders = map(realm.raw(), "spec.placeholders");
            for (Map<String, Object> client : list(realm.raw(), "spec.realm.clients")) {
                Object secret = client.get("secret");
                if (secret != null) {
                    Matcher placeholder = Pattern.compile("\\$\\{(\\w+)}").matcher(secret.toString());
                    assertThat(placeholder.matches()).as(client.get("clientId") + " secret is a placeholder").isTrue();
                    assertThat(placeholders).containsKey(placeholder.group(1));
                    assertThat(map(placeholders, placeholder.group(1) + ".secret")).containsKeys("name", "key");
                }
            }
        });
    }

    @Test
    void noValuesFileHoldsACredential() {
        for (var file : List.of(HelmChart.chartDir().resolve("values.yaml"), Rendering.PRODUCTION)) {
            List<String> keys = new ArrayList<>();
            collectKeys(Values.read(file), "", keys);
            assertThat(keys).as(file + " keys").noneMatch(k -> k.substring(k.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT)
                    .matches("password|secret|token|clientsecret|privatekey|apikey|credentials?"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyEnvironmentVariableOfAServiceIsAConfigurationKeyThatServiceReads(Rendering r) {
        for (Deployment d : r.manifests().of(Deployment.class)) {
            ServiceConfig config = ServiceConfig.of(Pods.service(d));
            assertThat(Pods.env(d).keySet()).as(d.getMetadata().getName() + " environment").allMatch(config::reads,
                    "is read by " + Pods.service(d));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyTopicOfTheContractIsAKafkaTopicOfTheChartsClusterWithThePartitionsOfTheValues(Rendering r) throws IOException {
        if (!r.creates("kafka")) {
            assertThat(r.manifests().of(KafkaTopic.class)).isEmpty();
            return;
        }
        Kafka kafka = r.manifests().of(Kafka.class).get(0);
        Map<String, Object> topics = map(r.values(), "kafka.topics");
        Set<String> rendered = new TreeSet<>();
        for (KafkaTopic t : r.manifests().of(KafkaTopic.class)) {
            rendered.add(t.getSpec().getTopicName());
            assertThat(t.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", kafka.getMetadata().getName());
            Map<String, Object> expected = topics.values().stream().map(v -> asMap(v))
                    .filter(v -> v.get("name").equals(t.getSpec().getTopicName())).findFirst().orElseThrow();
            assertThat(t.getSpec().getPartitions()).as(t.getSpec().getTopicName()).isEqualTo(expected.get("partitions"));
            assertThat(t.getSpec().getReplicas()).isEqualTo(Values.at(r.values(), "kafka.replicationFactor"));
        }
        assertThat(rendered).isEqualTo(contractTopics());
        for (String compacted : List.of("metering.sessions.v1", "metering.consumption.v1", "metering.entitlements.v1")) {
            assertThat(topic(r, compacted).getSpec().getConfig()).containsEntry("cleanup.policy", "compact");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void theKafkaClusterRunsInKRaftModeWithControllerAndBrokerNodePoolsAndTheServicesUseItsBootstrap(Rendering r) {
        List<Kafka> clusters = r.manifests().of(Kafka.class);
        if (!r.creates("kafka")) {
            assertThat(clusters).isEmpty();
            assertThat(r.manifests().of(KafkaNodePool.class)).isEmpty();
            return;
        }
        assertThat(clusters).hasSize(1);
        Kafka kafka = clusters.get(0);
        assertThat(kafka.getMetadata().getAnnotations())
                .containsEntry("strimzi.io/kraft", "enabled").containsEntry("strimzi.io/node-pools", "enabled");
        assertThat(kafka.getSpec().getZookeeper()).isNull();
        List<KafkaNodePool> pools = r.manifests().of(KafkaNodePool.class);
        assertThat(pools).isNotEmpty().allSatisfy(p ->
                assertThat(p.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", kafka.getMetadata().getName()));
        assertThat(pools.stream().flatMap(p -> p.getSpec().getRoles().stream()))
                .contains(ProcessRoles.CONTROLLER, ProcessRoles.BROKER);
        int replicationFactor = ((Number) kafka.getSpec().getKafka().getConfig().get("default.replication.factor")).intValue();
        int minIsr = ((Number) kafka.getSpec().getKafka().getConfig().get("min.insync.replicas")).intValue();
        int brokers = pools.stream().filter(p -> p.getSpec().getRoles().contains(ProcessRoles.BROKER))
                .mapToInt(p -> p.getSpec().getReplicas()).sum();
        assertThat(minIsr).as("a broker may fail without stopping producers").isLessThan(replicationFactor);
        assertThat(replicationFactor).isLessThanOrEqualTo(brokers);
        int port = kafka.getSpec().getKafka().getListeners().get(0).getPort();
        String bootstrap = kafka.getMetadata().getName() + "-kafka-bootstrap:" + port;
        for (Deployment d : r.manifests().of(Deployment.class)) {
            assertThat(Pods.value(d, "METERING_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo(bootstrap);
        }
        Deployment ingest = deployment(r, "ingest-service");
        assertThat(Integer.parseInt(Pods.value(ingest, "METERING_KAFKA_REPLICATION_FACTOR"))).isEqualTo(replicationFactor);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    @SuppressWarnings("unchecked")
    void theDatabaseIsACloudNativePgClusterPreloadingTimescaleDbThatBothServicesConnectTo(Rendering r) {
        if (!r.creates("database")) {
            assertThat(r.manifests().kind("Cluster")).isEmpty();
            for (Deployment d : r.manifests().of(Deployment.class)) {
                assertThat(Pods.value(d, "QUARKUS_DATASOURCE_JDBC_URL")).startsWith("jdbc:postgresql://db.example:5432/metering");
            }
            return;
        }
        Manifests.Manifest cluster = r.manifests().kind("Cluster").findFirst().orElseThrow();
        assertThat(cluster.apiVersion()).isEqualTo("postgresql.cnpg.io/v1");
        Map<String, Object> spec = map(cluster.raw(), "spec");
        assertThat((Integer) spec.get("instances")).isPositive();
        assertPinned(spec.get("imageName").toString());
        assertThat((List<Object>) map(cluster.raw(), "spec.postgresql").get("shared_preload_libraries")).contains("timescaledb");
        Map<String, Object> initdb = map(cluster.raw(), "spec.bootstrap.initdb");
        String url = "jdbc:postgresql://" + cluster.name() + "-rw:5432/" + initdb.get("database");
        Object initSecret = initdb.get("secret");
        String secret = initSecret == null ? cluster.name() + "-app" : asMap(initSecret).get("name").toString();
        for (Deployment d : r.manifests().of(Deployment.class)) {
            assertThat(Pods.value(d, "QUARKUS_DATASOURCE_JDBC_URL")).startsWith(url);
            for (String credential : List.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD")) {
                assertThat(Pods.env(d).get(credential).getValueFrom().getSecretKeyRef().getName()).isEqualTo(secret);
            }
        }
        Manifests.Manifest database = r.manifests().kind("Database").findFirst().orElseThrow();
        assertThat(map(database.raw(), "spec.cluster").get("name")).isEqualTo(cluster.name());
        String owner = map(database.raw(), "spec").get("owner").toString();
        assertThat(list(cluster.raw(), "spec.managed.roles")).anyMatch(role -> role.get("name").equals(owner));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void keycloakAndItsRealmImportGiveTheServicesTheirIssuerRolesAndAgentClient(Rendering r) throws IOException {
        URI issuer = URI.create(Pods.value(deployment(r, "billing-service"), "METERING_OIDC_URL"));
        if (!r.creates("keycloak")) {
            assertThat(r.manifests().kind("Keycloak")).isEmpty();
            assertThat(issuer.toString()).isEqualTo("https://id.example/realms/metering");
            return;
        }
        Manifests.Manifest keycloak = r.manifests().kind("Keycloak").findFirst().orElseThrow();
        assertThat(keycloak.apiVersion()).isEqualTo("k8s.keycloak.org/v2alpha1");
        assertThat(map(keycloak.raw(), "spec.hostname").get("hostname")).isEqualTo(issuer.getHost());
        assertThat(map(keycloak.raw(), "spec.http").get("tlsSecret")).isNotNull();
        Map<String, Object> db = map(keycloak.raw(), "spec.db");
        assertThat(db.get("host")).isEqualTo(HelmChart.RELEASE + "-db-rw");
        assertThat(map(db, "usernameSecret")).containsKeys("name", "key");
        assertThat(map(db, "passwordSecret")).containsKeys("name", "key");

        Manifests.Manifest realmImport = r.manifests().kind("KeycloakRealmImport").findFirst().orElseThrow();
        assertThat(map(realmImport.raw(), "spec").get("keycloakCRName")).isEqualTo(keycloak.name());
        Map<String, Object> realm = map(realmImport.raw(), "spec.realm");
        assertThat(issuer.getPath()).isEqualTo("/realms/" + realm.get("realm"));
        Set<String> roles = list(realm, "roles.realm").stream().map(role -> role.get("name").toString()).collect(Collectors.toSet());
        assertThat(roles).containsAll(contractRoles());
        String agentClient = Pods.value(deployment(r, "ingest-service"), "METERING_ENROLLMENT_AGENT_CLIENT_ID");
        Map<String, Object> client = list(realm, "clients").stream().filter(c -> agentClient.equals(c.get("clientId")))
                .findFirst().orElseThrow(() -> new AssertionError("realm has no client " + agentClient));
        assertThat(client.get("serviceAccountsEnabled")).isEqualTo(true);
        assertThat(list(client, "protocolMappers")).anyMatch(mapper -> "tenant".equals(asMap(mapper.get("config")).get("claim.name")));
        assertThat(list(realm, "users")).anyMatch(u -> agentClient.equals(u.get("serviceAccountClientId"))
                && ((List<?>) u.get("realmRoles")).contains("agent"));
        assertThat(Pods.value(deployment(r, "ingest-service"), "METERING_ENROLLMENT_TOKEN_URL"))
                .isEqualTo(issuer + "/protocol/openid-connect/token");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyImageIsPinnedToAVersion(Rendering r) {
        for (Deployment d : r.manifests().of(Deployment.class)) {
            d.getSpec().getTemplate().getSpec().getContainers().forEach(c -> assertPinned(c.getImage()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void ingestInstancesShareOneStreamsApplicationIdKeepTheirStateOnAnEmptyDirAndScaleNoFurtherThanThePartitions(Rendering r) {
        Deployment ingest = deployment(r, "ingest-service");
        EnvVar applicationId = Pods.env(ingest).get("METERING_STREAMS_APPLICATION_ID");
        assertThat(applicationId.getValue()).as("one literal id for every pod").isNotBlank();
        String stateDir = Pods.value(ingest, "METERING_STREAMS_STATE_DIR");
        VolumeMount mount = Pods.container(ingest).getVolumeMounts().stream()
                .filter(v -> v.getMountPath().equals(stateDir)).findFirst().orElseThrow();
        Volume volume = ingest.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertThat(volume.getEmptyDir()).isNotNull();
        assertThat(volume.getEmptyDir().getSizeLimit()).isNotNull();
        int partitions = Integer.parseInt(Pods.value(ingest, "METERING_KAFKA_PARTITIONS"));
        if (r.creates("kafka")) {
            assertThat(partitions).isEqualTo(topic(r, "metering.usage-events.v1").getSpec().getPartitions())
                    .as("the topology reads both event topics as one stream")
                    .isEqualTo(topic(r, "metering.device-events.v1").getSpec().getPartitions());
        }
        HorizontalPodAutoscaler hpa = r.manifests().named(HorizontalPodAutoscaler.class, ingest.getMetadata().getName()).orElseThrow();
        assertThat(hpa.getSpec().getMaxReplicas()).as("instances beyond the partitions get no Streams task")
                .isLessThanOrEqualTo(partitions);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void theServiceMonitorScrapesTheQuarkusMetricsOfBothServices(Rendering r) {
        List<ServiceMonitor> monitors = r.manifests().of(ServiceMonitor.class);
        assertThat(monitors).hasSize(1);
        ServiceMonitor monitor = monitors.get(0);
        assertThat(monitor.getSpec().getNamespaceSelector().getMatchNames()).contains(HelmChart.NAMESPACE);
        List<Service> scraped = r.manifests().of(Service.class).stream().filter(s -> matches(monitor, s)).toList();
        assertThat(scraped).extracting(s -> s.getMetadata().getLabels().get("app.kubernetes.io/name"))
                .containsExactlyInAnyOrder("ingest-service", "billing-service");
        for (Endpoint endpoint : monitor.getSpec().getEndpoints()) {
            assertThat(endpoint.getPath()).isEqualTo("/q/metrics");
            for (Service s : scraped) {
                assertThat(s.getSpec().getPorts()).extracting(ServicePort::getName).contains(endpoint.getPort());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void theGrafanaDashboardShipsAsALabelledConfigMapOnlyWhenEnabled(Rendering r) throws IOException {
        List<ConfigMap> dashboards = r.manifests().of(ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getLabels().containsKey("grafana_dashboard")).toList();
        if (!Boolean.TRUE.equals(Values.at(r.values(), "metrics.grafanaDashboard.enabled"))) {
            assertThat(dashboards).isEmpty();
            return;
        }
        assertThat(dashboards).hasSize(1);
        assertThat(dashboards.get(0).getData().get("metering-dashboard.json").strip())
                .isEqualTo(Files.readString(Repo.path("deploy/grafana/metering-dashboard.json")).strip());
    }

    @Test
    void theChartsCopyOfTheDashboardIsDeployGrafanasFile() throws IOException {
        assertThat(Files.readString(HelmChart.chartDir().resolve("dashboards/metering-dashboard.json")))
                .as("copy deploy/grafana/metering-dashboard.json to deploy/k8s/metering/dashboards/")
                .isEqualTo(Files.readString(Repo.path("deploy/grafana/metering-dashboard.json")));
    }

    @Test
    void theChartPassesHelmLintStrict() {
        LintResult lint = new Helm(HelmChart.chartDir()).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    private static HTTPGetAction httpGet(Probe probe, Deployment d) {
        assertThat(probe).as(d.getMetadata().getName() + " probe").isNotNull();
        assertThat(probe.getHttpGet()).as(d.getMetadata().getName() + " HTTP probe").isNotNull();
        return probe.getHttpGet();
    }

    private static boolean matches(ServiceMonitor monitor, Service s) {
        Map<String, String> labels = s.getMetadata().getLabels();
        var selector = monitor.getSpec().getSelector();
        boolean byLabels = selector.getMatchLabels() == null || labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
        boolean byExpressions = selector.getMatchExpressions() == null || selector.getMatchExpressions().stream().allMatch(e ->
                switch (e.getOperator()) {
                    case "In" -> e.getValues().contains(labels.get(e.getKey()));
                    case "NotIn" -> !e.getValues().contains(labels.get(e.getKey()));
                    case "Exists" -> labels.containsKey(e.getKey());
                    case "DoesNotExist" -> !labels.containsKey(e.getKey());
                    default -> throw new AssertionError("unknown operator " + e.getOperator());
                });
        return byLabels && byExpressions;
    }

    static void assertPinned(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        assertThat(colon).as(image + " has a tag").isGreaterThan(slash);
        assertThat(image.substring(colon + 1)).as(image + " tag").isNotIn("latest", "").doesNotStartWith("latest-");
    }

    private static Deployment deployment(Rendering r, String service) {
        return r.manifests().of(Deployment.class).stream().filter(d -> Pods.service(d).equals(service)).findFirst().orElseThrow();
    }

    private static KafkaTopic topic(Rendering r, String name) {
        return r.manifests().of(KafkaTopic.class).stream().filter(t -> t.getSpec().getTopicName().equals(name)).findFirst().orElseThrow();
    }

    /** The topic names of schemas' Topics.java: the contract the chart must create. */
    static Set<String> contractTopics() throws IOException {
        return constants("schemas/src/main/java/io/metering/schemas/Topics.java", ".*");
    }

    private static Set<String> contractRoles() throws IOException {
        Set<String> roles = constants("schemas/src/main/java/io/metering/schemas/Roles.java", ".*");
        roles.remove("tenant");
        return roles;
    }

    private static Set<String> constants(String source, String filter) throws IOException {
        Matcher m = Pattern.compile("static final String \\w+ = \"([^\"]+)\";").matcher(Files.readString(Repo.path(source)));
        Set<String> values = new TreeSet<>();
        while (m.find()) {
            if (m.group(1).matches(filter)) {
                values.add(m.group(1));
            }
        }
        return values;
    }

    private static void collectKeys(Map<?, ?> map, String prefix, List<String> keys) {
        map.forEach((k, v) -> {
            keys.add(prefix + k);
            if (v instanceof Map<?, ?> child) {
                collectKeys(child, prefix + k + ".", keys);
            }
        });
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    static Map<String, Object> map(Map<String, Object> root, String path) {
        Object current = root;
        for (String part : path.split("\\.")) {
            current = asMap(current).get(part);
            if (current == null) {
                throw new AssertionError("missing " + path);
            }
        }
        return asMap(current);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> root, String path) {
        int dot = path.lastIndexOf('.');
        Map<String, Object> parent = dot < 0 ? root : map(root, path.substring(0, dot));
        Object value = parent.get(path.substring(dot + 1));
        if (value == null) {
            throw new AssertionError("missing " + path);
        }
        return (List<Map<String, Object>>) value;
    }
}
