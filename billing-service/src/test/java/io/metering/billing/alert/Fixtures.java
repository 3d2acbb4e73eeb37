package io.metering.billing.alert;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import io.metering.local.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Test helpers shared by the entitlement, alert and compliance tests: tokens, the store, Kafka. */
public final class Fixtures {

    private Fixtures() {
    }

    public static RequestSpecification as(String tenant, String role) {
        return given().auth().oauth2(TestTokens.issue(tenant, role + "-user", role)).contentType(ContentType.JSON);
    }

    public static RequestSpecification manager(String tenant) {
        return as(tenant, "license-manager");
    }

    public static void product(String tenant, String id) {
        manager(tenant).body("{\"id\":\"" + id + "\",\"name\":\"" + id + "\"}").post("/api/v1/products")
                .then().statusCode(201);
    }

    public static Connection db() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }

    public static String bootstrap() {
        return ConfigProvider.getConfig().getValue("metering.kafka.bootstrap-servers", String.class);
    }

    public static void minute(String tenant, String product, Instant minute, int sessions, int users) throws SQLException {
        try (Connection c = db(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO consumption_minute (tenant_id, product_id, minute, sessions, users, launches, active_seconds)
                VALUES (?, ?, ?, ?, ?, 0, 0) ON CONFLICT (tenant_id, product_id, minute)
                DO UPDATE SET sessions = EXCLUDED.sessions, users = EXCLUDED.users""")) {
            s.setString(1, tenant);
            s.setString(2, product);
            s.setTimestamp(3, Timestamp.from(minute));
            s.setInt(4, sessions);
            s.setInt(5, users);
            s.executeUpdate();
        }
    }

    public static void session(String tenant, String product, String device, String user, Instant start, Instant end,
                               long activeSeconds) throws SQLException {
        try (Connection c = db(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO usage_session (tenant_id, device_id, session_id, product_id, user_name, started_at, ended_at,
                    closed, launches, active_seconds, version) VALUES (?, ?, ?, ?, ?, ?, ?, true, 1, ?, 1)""")) {
            s.setString(1, tenant);
            s.setString(2, device);
            s.setString(3, "s-" + UUID.randomUUID());
            s.setString(4, product);
            s.setString(5, user);
            s.setTimestamp(6, Timestamp.from(start));
            s.setTimestamp(7, Timestamp.from(end));
            s.setLong(8, activeSeconds);
            s.executeUpdate();
        }
    }

    public static void event(String tenant, String product, String device, String user, long seq, Instant at,
                             int activeSeconds) throws SQLException {
        try (Connection c = db(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO usage_event (tenant_id, device_id, seq, occurred_at, event_id, type, session_id, product_id,
                    executable, user_name, active_seconds, received_at) VALUES (?, ?, ?, ?, ?, 'HEARTBEAT', 's', ?, 'x.exe', ?, ?, ?)""")) {
            s.setString(1, tenant);
            s.setString(2, device);
            s.setLong(3, seq);
            s.setTimestamp(4, Timestamp.from(at));
            s.setObject(5, UUID.randomUUID());
            s.setString(6, product);
            s.setString(7, user);
            s.setInt(8, activeSeconds);
            s.setTimestamp(9, Timestamp.from(at.plusSeconds(1)));
            s.executeUpdate();
        }
    }

    public static void send(String topic, String key, byte[] value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        }
    }

    /** Reads the topic from the start until {@code done} holds for what was read or the timeout passes. */
    public static List<ConsumerRecord<String, byte[]>> read(String topic, Predicate<List<ConsumerRecord<String, byte[]>>> done,
                                                            Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            while (System.currentTimeMillis() < deadline && !done.test(records)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Polls {@code check} until it returns true or the timeout passes; returns the last result. */
    public static boolean await(Duration timeout, java.util.concurrent.Callable<Boolean> check) throws Exception {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (System.currentTimeMillis() < deadline) {
            if (Boolean.TRUE.equals(check.call())) {
                return true;
            }
            Thread.sleep(100);
        }
        return check.call();
    }
}
