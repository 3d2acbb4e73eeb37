package io.metering.agent.catalog;

import java.util.List;
import java.util.Optional;

/**
 * The detection rules the server gave this agent ({@code GET /v1/policy}).
 * Immutable and thread-safe.
 *
 * @param version      the server's version string of this catalog
 * @param graceSeconds how long a cached policy stays authoritative offline (for enforcement)
 */
public record Catalog(String version, List<Product> products, long graceSeconds) {

    public Catalog {
        version = version == null ? "" : version;
        products = products == null ? List.of() : List.copyOf(products);
    }

    public static Catalog empty() {
        return new Catalog("none", List.of(), 900);
    }

    /** The first product (in catalog order) that recognises the executable. */
    public Optional<Product> recognise(String executablePath) {
        for (Product product : products) {
            if (product.matches(executablePath)) {
                return Optional.of(product);
            }
        }
        return Optional.empty();
    }
}
