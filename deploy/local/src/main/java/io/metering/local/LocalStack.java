package io.metering.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The whole platform on one machine: embedded PostgreSQL, a KRaft broker, Keycloak with the dev realm,
 * ingest-service, billing-service and (unless {@code --no-demo}) a simulated fleet. {@link #main}
 * runs it in the foreground until Ctrl-C; tests use {@link #start(StackOptions)} and {@link #close()}.
 * Not thread-safe.
 */
public final class LocalStack implements AutoCloseable {

    /** The demo catalog: product id, name, vendor, executable. */
    static final List<String[]> DEMO_PRODUCTS = List.of(
            new String[] {"autocad", "AutoCAD", "Autodesk", "acad.exe"},
            new String[] {"photoshop", "Photoshop", "Adobe", "Photoshop.exe"},
            new String[] {"matlab", "MATLAB", "MathWorks", "matlab"},
            new String[] {"solidworks", "SOLIDWORKS", "Dassault Systemes", "SLDWORKS.exe"},
            new String[] {"visual-studio", "Visual Studio", "Microsoft", "devenv.exe"},
            new String[] {"office", "Microsoft 365 Apps", "Microsoft", "WINWORD.EXE"},
            new String[] {"intellij", "IntelliJ IDEA", "JetBrains", "idea64.exe"},
            new String[] {"tableau", "Tableau Desktop", "Salesforce", "tableau.exe"});

    private final StackOptions options;
    private final List<AutoCloseable> started = new ArrayList<>();
    private Postgres postgres;
    private KafkaBroker kafka;
    private Keycloak keycloak;
    private QuarkusService ingest;
    private QuarkusService billing;
    private ChildProcess fleet;
    private LocalCertificates certs;

    private LocalStack(StackOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        StackOptions options;
        try {
            options = StackOptions.parse(args);
        } catch (StackOptions.UsageException e) {
            boolean help = e.getMessage().startsWith("Usage");
            (help ? System.out : System.err).println(e.getMessage());
            System.exit(help ? 0 : 2);
            return;
        }
        Instant begin = Instant.now();
        LocalStack stack = new LocalStack(options);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the platform...");
            stack.close();
            System.out.println("Stopped.");
        }, "local-stack-stop"));
        try {
            stack.startAll();
        } catch (RuntimeException e) {
            System.err.println("\nThe platform could not start: " + e.getMessage());
            System.exit(1);
        }
        System.out.println(stack.banner(Duration.between(begin, Instant.now())));
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts everything and returns once all parts are ready. */
    public static LocalStack start(StackOptions options) {
        return startAll(new LocalStack(options));
    }

    /**
     * Starts everything in a new temporary data directory (named {@code prefix...}) that {@link #close()}
     * deletes after stopping the parts: for benchmarks and test suites, whose runs would otherwise leave
     * gigabytes behind.
     */
    public static LocalStack startDisposable(String prefix, Function<Path, StackOptions> options) {
        Path data;
        try {
            data = Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new LocalStackException("Cannot create a temporary data directory: " + e.getMessage(), e);
        }
        LocalStack stack = new LocalStack(options.apply(data));
        stack.remember(() -> Directories.deleteRecursively(data)); // parts close in reverse: this one last
        return startAll(stack);
    }

    private static LocalStack startAll(LocalStack stack) {
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        Path data = options.dataDir();
        Path logs = data.resolve("logs");
        mkdirs(logs);
        step("Keycloak, PostgreSQL and Kafka (first start unpacks Keycloak: up to a minute)");
        CompletableFuture<Keycloak> kc = CompletableFuture.supplyAsync(() -> new Keycloak(Keycloak.defaultDistribution(),
                options.repo().resolve("deploy/keycloak/metering-realm.json"), data, options.keycloakPort(),
                logs.resolve("keycloak.log")).start());
        postgres = remember(Postgres.start(data.resolve("postgres"), options.postgresPort()));
        String jdbc = postgres.createDatabase("metering");
        kafka = remember(new KafkaBroker(data.resolve("kafka"), options.kafkaPort(), logs.resolve("kafka.log")).start());
        step("PostgreSQL ready at " + jdbc + "; Kafka ready at " + kafka.bootstrapServers());
        keycloak = remember(kc.join());
        step("Keycloak ready at " + keycloak.url());

        Map<String, String> common = Map.of(
                "quarkus.datasource.jdbc.url", jdbc,
                "quarkus.datasource.username", postgres.user(),
                "quarkus.datasource.password", postgres.password(),
                "metering.kafka.bootstrap-servers", kafka.bootstrapServers(),
                "metering.oidc.url", keycloak.issuer());
        Map<String, String> ingestConfig = new java.util.HashMap<>(common);
        ingestConfig.put("quarkus.datasource.jdbc.url", jdbc + (jdbc.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true");
        ingestConfig.put("metering.streams.state-dir", data.resolve("streams").toString());
        ingestConfig.put("metering.enrollment.token-url", keycloak.tokenEndpoint());
        certs = LocalCertificates.ensure(data);
        ingestConfig.put("quarkus.http.ssl-port", String.valueOf(options.ingestTlsPort()));
        ingestConfig.put("quarkus.http.ssl.certificate.key-store-file", certs.serverKeyStore().toString());
        ingestConfig.put("quarkus.http.ssl.certificate.key-store-password", LocalCertificates.PASSWORD);
        ingestConfig.put("metering.enrollment.ingest-url", "https://127.0.0.1:" + options.ingestTlsPort());
        ingest = remember(new QuarkusService("ingest-service", options.repo().resolve("ingest-service"),
                options.ingestPort(), ingestConfig, logs.resolve("ingest-service.log")).launch());
        billing = remember(new QuarkusService("billing-service", options.repo().resolve("billing-service"),
                options.billingPort(), common, logs.resolve("billing-service.log")).launch());
        ingest.awaitReady();
        step("ingest-service ready at " + ingest.url());
        billing.awaitReady();
        step("billing-service ready at " + billing.url());
        if (options.demo()) {
            startFleet(data, logs);
        }
    }

    private void startFleet(Path data, Path logs) {
        String manager = DevApi.userToken(keycloak.tokenEndpoint(), "manager", "manager");
        for (String[] p : DEMO_PRODUCTS) {
            String json = "{\"id\":\"" + p[0] + "\",\"name\":\"" + p[1] + "\",\"vendor\":\"" + p[2]
                    + "\",\"rules\":[{\"executable\":\"" + p[3] + "\"}]}";
            DevApi.Answer answer = DevApi.postJson(billing.url() + "/api/v1/products", manager, json);
            if (answer.status() != 201 && answer.status() != 409) {
                throw new LocalStackException("Cannot create demo product " + p[0] + ": " + answer);
            }
        }
        seedDemoContracts(manager);
        String admin = DevApi.userToken(keycloak.tokenEndpoint(), "admin", "admin");
        String enrollToken = DevApi.postJson(ingest.url() + "/v1/enrollment-tokens", admin,
                "{\"uses\":" + Math.max(1, options.devices()) + ",\"ttlSeconds\":3600}").expect(201).field("token");
        Path agentJar = options.repo().resolve("metering-agent/target/metering-agent.jar");
        if (!Files.exists(agentJar)) {
            throw new LocalStackException(agentJar + " is missing: build first with ./mvnw -DskipTests package");
        }
        List<String> cmd = ChildProcess.java(List.of("-Xmx256m", "-XX:+UseSerialGC",
                        "-Djavax.net.ssl.trustStore=" + certs.trustStore(),
                        "-Djavax.net.ssl.trustStorePassword=" + LocalCertificates.PASSWORD, "-jar", agentJar.toString()),
                "simulate", "--server", ingestTlsUrl(), "--enroll-token", enrollToken,
                "--devices", String.valueOf(options.devices()), "--data-dir", data.resolve("fleet").toString());
        fleet = remember(new ChildProcess("fleet", cmd, data, Map.of(), logs.resolve("fleet.log")).start());
        step("Simulated fleet of " + options.devices() + " devices started (log: " + fleet.logFile() + ")");
    }

    /**
     * Cost centers and monthly entitlements small enough that the demo fleet crosses their thresholds:
     * alerts appear within minutes and the current month's bill has lines and chargeback.
     */
    private void seedDemoContracts(String manager) {
        String month = java.time.LocalDate.now(java.time.ZoneOffset.UTC).withDayOfMonth(1).toString();
        String[][] costCenters = {{"cc-eng", "Engineering", "1"}, {"cc-design", "Design", "11"}};
        for (String[] cc : costCenters) {
            created(DevApi.postJson(billing.url() + "/api/v1/cost-centers", manager,
                    "{\"id\":\"" + cc[0] + "\",\"name\":\"" + cc[1] + "\"}"), "cost center " + cc[0]);
            StringBuilder users = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                users.append(i == 0 ? "" : ",").append(String.format("\"CORP\\\\user-%03d\"", Integer.parseInt(cc[2]) + i));
            }
            DevApi.putJson(billing.url() + "/api/v1/cost-centers/" + cc[0] + "/members", manager,
                    "{\"users\":[" + users + "],\"devices\":[]}").expect(200);
        }
        String[][] entitlements = {
                {"autocad-seats", "autocad", "concurrent_users", "3", "12.50", "15.00", "committed"},
                {"photoshop-devices", "photoshop", "devices", "8", "20.00", "25.00", "committed"},
                {"office-users", "office", "users", "20", "8.00", "10.00", "committed"},
                {"solidworks-seats", "solidworks", "concurrent_sessions", "2", "45.00", "60.00", "committed"},
                {"matlab-hours", "matlab", "usage_hours", "0", "3.00", "0", "usage"}};
        for (String[] e : entitlements) {
            created(DevApi.postJson(billing.url() + "/api/v1/entitlements", manager, "{\"id\":\"" + e[0]
                    + "\",\"product\":\"" + e[1] + "\",\"metric\":\"" + e[2] + "\",\"quantity\":" + e[3]
                    + ",\"period\":\"month\",\"unitPrice\":\"" + e[4] + "\",\"overagePrice\":\"" + e[5]
                    + "\",\"currency\":\"EUR\",\"pricing\":\"" + e[6] + "\",\"validFrom\":\"" + month + "\"}"),
                    "entitlement " + e[0]);
        }
    }

    private static void created(DevApi.Answer answer, String what) {
        if (answer.status() != 201 && answer.status() != 409) {
            throw new LocalStackException("Cannot create demo " + what + ": " + answer.status() + " " + answer.body());
        }
    }

    private String banner(Duration took) {
        String line = "=".repeat(78);
        return "\n" + line + "\n"
                + " License metering platform is running (ready in " + took.toSeconds() + " s)\n" + line + "\n"
                + "  Billing API + console  " + billing.url() + "   OpenAPI: " + billing.url() + "/q/openapi\n"
                + "  Ingest API             " + ingest.url() + "   OpenAPI: " + ingest.url() + "/q/openapi\n"
                + "  Agent uploads (TLS)    " + ingestTlsUrl() + "   CA: " + certs.caPem() + "\n"
                + "  Keycloak (realm)       " + keycloak.issuer() + "   (admin console: kcadmin / kcadmin)\n"
                + "  Kafka                  " + kafka.bootstrapServers() + "\n"
                + "  PostgreSQL             " + postgres.databaseUrl("metering") + "  (user " + postgres.user() + ")\n"
                + "  Health / metrics       /q/health  /q/metrics on both services\n"
                + "\n  Dev logins (tenant demo; DEV ONLY):\n"
                + "    manager / manager   license-manager\n"
                + "    finance / finance   finance\n"
                + "    admin   / admin     admin\n"
                + "    client metering-importer / importer-secret (importer, client credentials)\n"
                + "    client metering-cli (public, password grant) for scripts\n"
                + "\n  Try:\n"
                + "    TOKEN=$(curl -s -d grant_type=password -d client_id=metering-cli -d username=manager \\\n"
                + "      -d password=manager " + keycloak.tokenEndpoint() + " | sed 's/.*\"access_token\":\"\\([^\"]*\\)\".*/\\1/')\n"
                + "    curl -s -H \"Authorization: Bearer $TOKEN\" \\\n"
                + "      '" + billing.url() + "/api/v1/consumption?product=autocad&metric=launches&from="
                + java.time.LocalDate.now(java.time.ZoneOffset.UTC) + "&to="
                + java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1) + "'\n"
                + "\n  Data and logs: " + options.dataDir() + (fleet == null ? "\n  Fleet: off (--no-demo)" : "\n  Fleet: "
                + options.devices() + " simulated devices") + "\n  Stop with Ctrl-C.\n" + line;
    }

    public String billingUrl() {
        return billing.url();
    }

    public String ingestUrl() {
        return ingest.url();
    }

    /** ingest-service over HTTPS with the local CA ({@link LocalCertificates}), where agents upload. */
    public String ingestTlsUrl() {
        return "https://127.0.0.1:" + options.ingestTlsPort();
    }

    public LocalCertificates certificates() {
        return certs;
    }

    public Keycloak keycloak() {
        return keycloak;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public QuarkusService ingest() {
        return ingest;
    }

    @Override
    public void close() {
        List<AutoCloseable> reverse = new ArrayList<>(started);
        java.util.Collections.reverse(reverse);
        for (AutoCloseable part : reverse) {
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("Stopping " + part + " failed: " + e.getMessage());
            }
        }
        started.clear();
    }

    private <T extends AutoCloseable> T remember(T part) {
        started.add(part);
        return part;
    }

    private static void step(String message) {
        System.out.println("[local-stack] " + message);
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new LocalStackException("Cannot create " + dir + ": " + e.getMessage(), e);
        }
    }
}
