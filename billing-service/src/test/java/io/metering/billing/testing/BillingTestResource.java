package io.metering.billing.testing;

import java.util.Map;

import org.flywaydb.core.Flyway;

import io.metering.local.testing.MeteringServiceResource;

/**
 * Real infrastructure for billing-service tests, plus the metering store that ingest-service would
 * have created (same migrations, from schemas/, same history table).
 */
public class BillingTestResource extends MeteringServiceResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        Flyway.configure()
                .dataSource(config.get("quarkus.datasource.jdbc.url"), config.get("quarkus.datasource.username"),
                        config.get("quarkus.datasource.password"))
                .locations("classpath:db/metering")
                .table("flyway_ingest_history")
                .load()
                .migrate();
        return config;
    }
}
