package io.metering.agent.simulate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Options of {@code simulate}.
 *
 * @param rate     target events per second over the whole fleet
 * @param duration how long to run; empty: until stopped
 */
public record SimulationOptions(String server, Optional<String> enrollToken, int devices, List<String> products,
                                int users, long seed, double rate, Optional<Duration> duration, Duration heartbeat,
                                Path dataDir) {

    public SimulationOptions {
        if (devices < 1) {
            throw new IllegalArgumentException("--devices must be at least 1");
        }
        if (users < 1) {
            throw new IllegalArgumentException("--users must be at least 1");
        }
        if (rate <= 0) {
            throw new IllegalArgumentException("--rate must be positive");
        }
        if (products.isEmpty()) {
            throw new IllegalArgumentException("--products must name at least one product");
        }
        products = List.copyOf(products);
    }
}
