package io.metering.local.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import io.metering.local.Directories;
import io.metering.local.KafkaBroker;
import io.metering.local.Ports;
import io.metering.local.Postgres;

/**
 * One PostgreSQL and one Kafka broker per test JVM, started on first use and stopped when the JVM
 * exits, when the broker's working directory is deleted too. Each caller gets its own database; topics are shared, so tests use their own tenants.
 * Thread-safe.
 */
public final class SharedInfrastructure {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Postgres postgres;
    private static KafkaBroker kafka;
    private static Path workDir;
    private static boolean shutdownRegistered;

    private SharedInfrastructure() {
    }

    public static synchronized Postgres postgres() {
        if (postgres == null) {
            registerShutdown();
            postgres = Postgres.startForTests();
        }
        return postgres;
    }

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            int port = Ports.pair();
            registerShutdown();
            kafka = new KafkaBroker(workDir().resolve("kafka"), port, workDir().resolve("kafka.log")).start();
        }
        return kafka;
    }

    /** A new, empty database; returns its JDBC URL. */
    public static String freshDatabase(String prefix) {
        return postgres().createDatabase(prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet());
    }

    /**
     * One hook, so that the order holds: the broker and PostgreSQL stop before the working directory is
     * deleted (each run of the suites would otherwise leave its broker's data behind).
     */
    private static void registerShutdown() {
        if (!shutdownRegistered) {
            shutdownRegistered = true;
            Runtime.getRuntime().addShutdownHook(new Thread(SharedInfrastructure::stopAll, "stop-shared-infrastructure"));
        }
    }

    private static synchronized void stopAll() {
        if (kafka != null) {
            kafka.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (workDir != null) {
            try {
                Directories.deleteRecursively(workDir);
            } catch (IOException e) {
                System.err.println("Could not delete " + workDir + ": " + e.getMessage());
            }
        }
    }

    public static synchronized Path workDir() {
        if (workDir == null) {
            try {
                workDir = Files.createTempDirectory("metering-it-");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return workDir;
    }
}
