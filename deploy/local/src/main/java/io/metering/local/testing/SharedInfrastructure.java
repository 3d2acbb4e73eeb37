package io.metering.local.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import io.metering.local.KafkaBroker;
import io.metering.local.Ports;
import io.metering.local.Postgres;

/**
 * One PostgreSQL and one Kafka broker per test JVM, started on first use and stopped when the JVM
 * exits. Each caller gets its own database; topics are shared, so tests use their own tenants.
 * Thread-safe.
 */
public final class SharedInfrastructure {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Postgres postgres;
    private static KafkaBroker kafka;
    private static Path workDir;

    private SharedInfrastructure() {
    }

    public static synchronized Postgres postgres() {
        if (postgres == null) {
            postgres = Postgres.startForTests();
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "stop-postgres"));
        }
        return postgres;
    }

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            int port = Ports.pair();
            kafka = new KafkaBroker(workDir().resolve("kafka"), port, workDir().resolve("kafka.log")).start();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "stop-kafka"));
        }
        return kafka;
    }

    /** A new, empty database; returns its JDBC URL. */
    public static String freshDatabase(String prefix) {
        return postgres().createDatabase(prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet());
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
