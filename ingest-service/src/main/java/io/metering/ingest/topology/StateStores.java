package io.metering.ingest.topology;

import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builders of the topology's state stores: RocksDB or in-memory per {@link TopologyConfig}, always
 * change-logged. Stores whose keys are read and rewritten many times between commits (seq blocks of
 * the deduplication, sessions, the open-session index, minute totals, pending marks) are cached when
 * configured; stores whose keys are written about once (user reference counts) are not: a record
 * cache there only adds a lookup, a dirty-set entry and a flush per key (ADR 0804).
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
        return List.of(bytesKeyed(StoreNames.DEDUPE, true), sessions(), bytesKeyed(StoreNames.OPEN_SESSIONS, true),
                bytesKeyed(StoreNames.MINUTES, true), bytesKeyed(StoreNames.USERS, false),
                pending(StoreNames.SESSIONS_PENDING), pending(StoreNames.MINUTES_PENDING),
                pending(StoreNames.MINUTES_BACKFILL_PENDING));
    }

    StoreBuilder<KeyValueStore<String, byte[]>> sessions() {
        return cached(Stores.keyValueStoreBuilder(keyValue(StoreNames.SESSIONS), Serdes.String(), Serdes.ByteArray()));
    }

    StoreBuilder<KeyValueStore<Bytes, byte[]>> bytesKeyed(String name, boolean hotKeys) {
        StoreBuilder<KeyValueStore<Bytes, byte[]>> builder =
                Stores.keyValueStoreBuilder(keyValue(name), Serdes.Bytes(), Serdes.ByteArray());
        return hotKeys ? cached(builder) : builder.withCachingDisabled();
    }

    /**
     * A store of keys waiting for the next emission: small (what changed in one emit interval), so
     * in memory; change-logged like every store, so a crash cannot lose a mark that was committed.
     */
    StoreBuilder<KeyValueStore<Bytes, byte[]>> pending(String name) {
        return cached(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray()));
    }

    private KeyValueBytesStoreSupplier keyValue(String name) {
        return config.inMemoryStores() ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name);
    }

    private <S extends org.apache.kafka.streams.processor.StateStore> StoreBuilder<S> cached(StoreBuilder<S> builder) {
        return config.cachingEnabled() ? builder.withCachingEnabled() : builder.withCachingDisabled();
    }
}
