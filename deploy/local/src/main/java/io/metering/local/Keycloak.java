package io.metering.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Keycloak from the {@code keycloak-quarkus-dist} zip, in dev mode, with the dev realm imported.
 * <p>
 * The zip is unpacked once into the data directory; the realm file is copied into
 * {@code data/import} and imported at start ({@code --import-realm} skips a realm that exists).
 * Not thread-safe.
 */
public final class Keycloak implements AutoCloseable {

    public static final String REALM = "metering";

    private final Path distributionZip;
    private final Path realmFile;
    private final Path home;
    private final int port;
    private final Path logFile;
    private ChildProcess process;

    public Keycloak(Path distributionZip, Path realmFile, Path dataDir, int port, Path logFile) {
        this.distributionZip = distributionZip;
        this.realmFile = realmFile;
        this.home = dataDir.resolve("keycloak");
        this.port = port;
        this.logFile = logFile;
    }

    /** The distribution zip that the local-stack build copies beside its jar, or {@code metering.keycloak.zip}. */
    public static Path defaultDistribution() {
        String configured = System.getProperty("metering.keycloak.zip", System.getenv("METERING_KEYCLOAK_ZIP"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return KafkaBroker.libDirectory().getParent().resolve("keycloak").resolve("keycloak.zip");
    }

    public Keycloak start() {
        unpackOnce();
        copyRealm();
        Path kc = home.resolve("bin").resolve("kc.sh");
        List<String> command = List.of(kc.toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port, "--import-realm",
                "--hostname-strict=false", "--health-enabled=true", "--cache=local",
                // the management interface defaults to 9000: a free port lets several stacks run side by side
                "--http-management-port=" + Ports.one());
        Map<String, String> env = Map.of(
                "KC_BOOTSTRAP_ADMIN_USERNAME", "kcadmin",
                "KC_BOOTSTRAP_ADMIN_PASSWORD", "kcadmin",
                "JAVA_HOME", System.getProperty("java.home"),
                "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m",
                "KC_LOG_LEVEL", "warn,org.keycloak.services:info,io.quarkus:info");
        process = new ChildProcess("keycloak", command, home, env, logFile).start();
        process.awaitReady(Duration.ofSeconds(240), this::realmServed);
        return this;
    }


    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String issuer() {
        return url() + "/realms/" + REALM;
    }

    public String tokenEndpoint() {
        return issuer() + "/protocol/openid-connect/token";
    }

    public void stop() {
        if (process != null) {
            process.stop();
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private boolean realmServed() {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
                            .timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void unpackOnce() {
        if (Files.exists(home.resolve("bin").resolve("kc.sh"))) {
            return;
        }
        if (!Files.exists(distributionZip)) {
            throw new LocalStackException("Keycloak distribution not found at " + distributionZip
                    + " (build deploy/local first: ./mvnw -pl deploy/local -am package -DskipTests)");
        }
        Path staging = home.resolveSibling("keycloak.unpacking");
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(distributionZip))) {
            Directories.deleteRecursively(staging);
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                String name = entry.getName();
                int slash = name.indexOf('/');
                if (slash < 0 || slash == name.length() - 1) {
                    continue;
                }
                Path target = staging.resolve(name.substring(slash + 1)).normalize();
                if (!target.startsWith(staging)) {
                    throw new LocalStackException("Unsafe path in Keycloak zip: " + name);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    copy(zip, target);
                    if (name.endsWith(".sh")) {
                        Files.setPosixFilePermissions(target, EnumSet.of(PosixFilePermission.OWNER_READ,
                                PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
                                PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE));
                    }
                }
            }
            Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LocalStackException("Cannot unpack Keycloak: " + e.getMessage(), e);
        }
    }

    private void copyRealm() {
        try {
            Path imports = home.resolve("data").resolve("import");
            Files.createDirectories(imports);
            Files.copy(realmFile, imports.resolve(REALM + "-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new LocalStackException("Cannot copy the realm file " + realmFile + ": " + e.getMessage(), e);
        }
    }

    private static void copy(InputStream in, Path target) throws IOException {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
