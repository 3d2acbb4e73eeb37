package io.metering.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed CA and a server certificate for 127.0.0.1/localhost, made with the JDK's keytool on
 * the first run and kept in {@code DATA_DIR/tls}: ingest-service serves agent uploads over HTTPS with
 * {@link #serverKeyStore()}, agents trust {@link #trustStore()} (or {@link #caPem()}).
 * Dev only: the store password is public.
 */
public final class LocalCertificates {

    public static final String PASSWORD = "metering-dev";

    private final Path dir;

    private LocalCertificates(Path dir) {
        this.dir = dir;
    }

    /** The certificates under {@code dataDir/tls}, made now unless they exist. */
    public static LocalCertificates ensure(Path dataDir) {
        LocalCertificates certs = new LocalCertificates(dataDir.resolve("tls"));
        if (!Files.exists(certs.serverKeyStore()) || !Files.exists(certs.trustStore())) {
            certs.generate();
        }
        return certs;
    }

    public Path serverKeyStore() {
        return dir.resolve("ingest-server.p12");
    }

    public Path trustStore() {
        return dir.resolve("ca-truststore.p12");
    }

    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    private void generate() {
        try {
            Files.createDirectories(dir);
            for (Path p : List.of(dir.resolve("ca.p12"), serverKeyStore(), trustStore(), caPem(), dir.resolve("server.csr"),
                    dir.resolve("server.pem"))) {
                Files.deleteIfExists(p);
            }
            Path ca = dir.resolve("ca.p12");
            keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=Metering Local Dev CA", "-ext", "bc:c", "-validity", "3650",
                    "-keystore", ca.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
            keytool("-exportcert", "-alias", "ca", "-rfc", "-keystore", ca.toString(), "-storepass", PASSWORD,
                    "-file", caPem().toString());
            keytool("-importcert", "-noprompt", "-alias", "metering-local-ca", "-file", caPem().toString(),
                    "-keystore", trustStore().toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
            keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=127.0.0.1", "-validity", "825", "-keystore", serverKeyStore().toString(),
                    "-storetype", "PKCS12", "-storepass", PASSWORD);
            keytool("-certreq", "-alias", "server", "-keystore", serverKeyStore().toString(), "-storepass", PASSWORD,
                    "-file", dir.resolve("server.csr").toString());
            keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASSWORD,
                    "-infile", dir.resolve("server.csr").toString(), "-outfile", dir.resolve("server.pem").toString(),
                    "-rfc", "-validity", "825", "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth");
            keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem().toString(),
                    "-keystore", serverKeyStore().toString(), "-storepass", PASSWORD);
            keytool("-importcert", "-noprompt", "-alias", "server", "-file", dir.resolve("server.pem").toString(),
                    "-keystore", serverKeyStore().toString(), "-storepass", PASSWORD);
        } catch (IOException e) {
            throw new LocalStackException("Cannot create the local TLS certificates in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new LocalStackException("keytool " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while running keytool", e);
        }
    }
}
