package io.metering.agent.catalog;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog in use: the cached one at start, replaced by each successful fetch.
 * Thread-safe: readers see the latest catalog through an atomic reference.
 */
public final class CatalogService {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogService.class);

    private final Optional<CatalogClient> client;
    private final CatalogCache cache;
    private final AtomicReference<Catalog> current;

    public CatalogService(Optional<CatalogClient> client, CatalogCache cache) {
        this.client = client;
        this.cache = cache;
        this.current = new AtomicReference<>(cache.load().orElse(Catalog.empty()));
    }

    public Catalog current() {
        return current.get();
    }

    /** Fetches the catalog; on failure keeps the one in use. Returns whether a new one was loaded. */
    public boolean refresh() {
        if (client.isEmpty()) {
            return false;
        }
        try {
            Catalog fetched = client.get().fetch();
            Catalog previous = current.getAndSet(fetched);
            cache.save(fetched);
            if (!fetched.version().equals(previous.version())) {
                LOG.info("Catalog {} loaded with {} products", fetched.version(), fetched.products().size());
            }
            return true;
        } catch (IOException e) {
            LOG.warn("Catalog fetch failed, keeping version {}: {}", current.get().version(), e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
