package io.metering.local.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a Quarkus service under test real infrastructure: a fresh database on the shared embedded
 * PostgreSQL (or {@code METERING_DB_URL}), the shared in-JVM-process KRaft broker, and token
 * verification with {@link TestTokens}' key. Dev Services stay off.
 */
public class MeteringServiceResource implements QuarkusTestResourceLifecycleManager {

    private String prefix = "it";

    @Override
    public void init(Map<String, String> initArgs) {
        prefix = initArgs.getOrDefault("database-prefix", prefix);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", SharedInfrastructure.freshDatabase(prefix) + "?reWriteBatchedInserts=true");
        config.put("quarkus.datasource.username", SharedInfrastructure.postgres().user());
        config.put("quarkus.datasource.password", SharedInfrastructure.postgres().password());
        config.put("metering.kafka.bootstrap-servers", SharedInfrastructure.kafka().bootstrapServers());
        config.put("quarkus.oidc.public-key", TestTokens.publicKeyBase64());
        config.put("metering.streams.state-dir", SharedInfrastructure.workDir().resolve("streams-" + prefix).toString());
        config.put("quarkus.devservices.enabled", "false");
        return config;
    }

    @Override
    public void stop() {
        // the shared infrastructure stops with the JVM
    }
}
