package io.metering.ingest.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How ingest-service reaches Kafka. Defaults fit the local stack; production sets the bootstrap servers. */
@ConfigMapping(prefix = "metering.kafka")
public interface KafkaSettings {

    /** Broker addresses, comma separated. */
    @WithDefault("127.0.0.1:9092")
    String bootstrapServers();

    /** Partitions of topics this service creates when they are missing. */
    @WithDefault("4")
    int partitions();

    /** Replication factor of topics this service creates (3 in production). */
    @WithDefault("1")
    short replicationFactor();

    /** How long a request waits for Kafka to acknowledge a batch before answering 503. */
    @WithDefault("10000")
    long produceTimeoutMs();
}
