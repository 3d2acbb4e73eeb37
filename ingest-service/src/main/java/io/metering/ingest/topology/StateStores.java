package io.metering.ingest.topology;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Builders of the topology's state stores: RocksDB or in-memory per {@link TopologyConfig}, always
 * change-logged, cached when configured.
 * <p>
 * Immutable and thread-safe.
 */
final class StateStores {

    private final TopologyConfig config;

    StateStores(TopologyConfig config) {
        this.config = config;
    }

    /** Every store, for {@code StreamsBuilder.addStateStore}. */
    List<StoreBuilder<?>> all() {
        return List.of(dedupe(), sessions(), bytesKeyed(StoreNames.OPEN_SESSIONS),
                bytesKeyed(StoreNames.MINUTES), bytesKeyed(StoreNames.MEMBERS), bytesKeyed(StoreNames.USERS));
    }

    StoreBuilder<WindowStore<Bytes, byte[]>> dedupe() {
        Duration window = Duration.ofMillis(1);
        WindowBytesStoreSupplier supplier = config.inMemoryStores()
                ? Stores.inMemoryWindowStore(StoreNames.DEDUPE, config.stateRetention(), window, false)
                : Stores.persistentWindowStore(StoreNames.DEDUPE, config.stateRetention(), window, false);
        return cached(Stores.windowStoreBuilder(supplier, Serdes.Bytes(), Serdes.ByteArray()));
    }

    StoreBuilder<KeyValueStore<String, byte[]>> sessions() {
        return cached(Stores.keyValueStoreBuilder(keyValue(StoreNames.SESSIONS), Serdes.String(), Serdes.ByteArray()));
    }

    StoreBuilder<KeyValueStore<Bytes, byte[]>> bytesKeyed(String name) {
        return cached(Stores.keyValueStoreBuilder(keyValue(name), Serdes.Bytes(), Serdes.ByteArray()));
    }

    private KeyValueBytesStoreSupplier keyValue(String name) {
        return config.inMemoryStores() ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
    }

    private <S extends org.apache.kafka.streams.processor.StateStore> StoreBuilder<S> cached(StoreBuilder<S> builder) {
        return config.cachingEnabled() ? builder.withCachingEnabled() : builder.withCachingDisabled();
    }
}
