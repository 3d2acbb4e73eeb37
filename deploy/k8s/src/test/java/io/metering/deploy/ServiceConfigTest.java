package io.metering.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The environment check must know the services' real keys and refuse near misses. */
class ServiceConfigTest {

    @Test
    void keysOfConfigMappingsPropertiesFilesAndConfigPropertiesAreRead() {
        ServiceConfig ingest = ServiceConfig.of("ingest-service");
        assertThat(ingest.reads("METERING_STREAMS_APPLICATION_ID")).as("@ConfigMapping").isTrue();
        assertThat(ingest.reads("METERING_INGEST_RATE_LIMIT_DEVICE_BATCHES_PER_SECOND")).as("nested prefix").isTrue();
        assertThat(ingest.reads("QUARKUS_DATASOURCE_JDBC_URL")).as("%prod. key of application.properties").isTrue();
        assertThat(ServiceConfig.of("billing-service").reads("METERING_KAFKA_BOOTSTRAP_SERVERS")).as("@ConfigProperty").isTrue();
    }

    @Test
    void aMisspelledOrForeignVariableIsNotRead() {
        ServiceConfig ingest = ServiceConfig.of("ingest-service");
        assertThat(ingest.reads("METERING_STREAM_APPLICATION_ID")).isFalse();
        assertThat(ingest.reads("QUARKUS_DATASOURCE_JDBC_URLS")).isFalse();
        assertThat(ServiceConfig.of("billing-service").reads("METERING_STREAMS_APPLICATION_ID")).as("ingest's key").isFalse();
    }
}
