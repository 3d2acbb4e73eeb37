package io.metering.ingest.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.jboss.logging.Logger;

import io.metering.schemas.Topics;

/** Creates the platform's topics when they are missing; existing topics are left as they are. */
public final class TopicsInitializer {

    private static final Logger LOG = Logger.getLogger(TopicsInitializer.class);

    private TopicsInitializer() {
    }

    public static void ensureTopics(KafkaSettings settings) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (NewTopic topic : wanted(settings)) {
                if (!existing.contains(topic.name())) {
                    missing.add(topic);
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).values().forEach((name, future) -> {
                    try {
                        future.get(30, TimeUnit.SECONDS);
                        LOG.infof("Created topic %s", name);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                            throw new IllegalStateException("Cannot create topic " + name, e.getCause());
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException("Cannot create topic " + name, e);
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka at " + settings.bootstrapServers() + " is not reachable", e);
        }
    }

    static List<NewTopic> wanted(KafkaSettings s) {
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        Map<String, String> longRetention = Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(35L * 24 * 3600 * 1000));
        return List.of(
                new NewTopic(Topics.USAGE_EVENTS, s.partitions(), s.replicationFactor()).configs(longRetention),
                new NewTopic(Topics.DEVICE_EVENTS, s.partitions(), s.replicationFactor()).configs(longRetention),
                new NewTopic(Topics.USAGE_EVENTS_DLQ, s.partitions(), s.replicationFactor()).configs(longRetention),
                new NewTopic(Topics.SESSIONS, s.partitions(), s.replicationFactor()).configs(compacted),
                new NewTopic(Topics.CONSUMPTION, s.partitions(), s.replicationFactor()).configs(compacted),
                new NewTopic(Topics.LICENSE_ALERTS, s.partitions(), s.replicationFactor()),
                new NewTopic(Topics.ENTITLEMENTS, s.partitions(), s.replicationFactor()).configs(compacted));
    }
}
