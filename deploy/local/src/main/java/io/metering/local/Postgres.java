package io.metering.local;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The platform's database: an external PostgreSQL/TimescaleDB when {@code METERING_DB_URL} is set
 * (with {@code METERING_DB_USER} and {@code METERING_DB_PASSWORD}), else an embedded PostgreSQL 17.
 * <p>
 * Each {@link #createDatabase(String)} call gives a fresh database, so tests never share state.
 * Not thread-safe.
 */
public final class Postgres implements AutoCloseable {

    public static final String USER = "postgres";

    private final EmbeddedPostgres embedded;
    private final String baseUrl;
    private final String user;
    private final String password;

    private Postgres(EmbeddedPostgres embedded, String baseUrl, String user, String password) {
        this.embedded = embedded;
        this.baseUrl = baseUrl;
        this.user = user;
        this.password = password;
    }

    /** An embedded server on a free port with a throw-away data directory. */
    public static Postgres startForTests() {
        return external().orElseGet(() -> startEmbedded(null, 0));
    }

    /** An embedded server on a fixed port keeping its data in {@code dataDir}, unless an external one is configured. */
    public static Postgres start(Path dataDir, int port) {
        return external().orElseGet(() -> startEmbedded(dataDir, port));
    }

    private static Optional<Postgres> external() {
        String url = System.getenv("METERING_DB_URL");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Postgres(null, url,
                envOr("METERING_DB_USER", USER), envOr("METERING_DB_PASSWORD", "")));
    }

    private static Postgres startEmbedded(Path dataDir, int port) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", dataDir == null ? "off" : "on")
                    .setServerConfig("synchronous_commit", dataDir == null ? "off" : "on")
                    .setServerConfig("shared_buffers", "256MB")
                    // ~0.42 KB of WAL per ingested event: with the default 1GB, checkpoints ran back to back
                    // under load and every page first touched after one was logged whole (ADR 0819)
                    .setServerConfig("max_wal_size", "8GB")
                    .setServerConfig("checkpoint_timeout", "15min");
            if (dataDir != null) {
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres pg = builder.start();
            return new Postgres(pg, "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres", USER, "");
        } catch (IOException e) {
            throw new LocalStackException("Cannot start embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Creates the database unless it exists and returns its JDBC URL. */
    public String createDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("Database names are lower-case identifiers: " + name);
        }
        try (Connection c = DriverManager.getConnection(baseUrl, user, password);
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (!rs.next()) {
                    s.execute("CREATE DATABASE " + name);
                }
            }
        } catch (SQLException e) {
            throw new LocalStackException("Cannot create database " + name + ": " + e.getMessage(), e);
        }
        return databaseUrl(name);
    }

    public String databaseUrl(String name) {
        int slash = baseUrl.lastIndexOf('/');
        int query = baseUrl.indexOf('?', slash);
        return baseUrl.substring(0, slash + 1) + name + (query < 0 ? "" : baseUrl.substring(query));
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new LocalStackException("Cannot stop embedded PostgreSQL", e);
            }
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
