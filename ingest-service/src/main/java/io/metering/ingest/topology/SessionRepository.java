package io.metering.ingest.topology;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Session states by {@code tenant/device/session}, plus an index of the open ones keyed
 * {@code [received time of last event: 8 bytes][session key]}, so the timeout punctuator reads
 * only the sessions that are due.
 * <p>
 * Saves are written behind: {@link #save} keeps the state in memory and {@link #flush()} writes each
 * changed session once (encoded, with its index entry), so a session changed by many events of one
 * input record costs one encoding and one put (ADR 0811). The processor flushes at the end of every
 * record and punctuation, before Streams may commit; reads of the store by range flush first.
 * <p>
 * Not thread-safe: one instance per stream task, made in the processor's {@code init}.
 */
final class SessionRepository {

    private static final byte[] PRESENT = new byte[0];
    /** Bound of {@link #recentlySaved}: at a few hundred bytes each, a few MB per task. */
    private static final int MAX_RECENTLY_SAVED = 10_000;

    private final KeyValueStore<String, byte[]> sessions;
    private final KeyValueStore<Bytes, byte[]> openIndex;
    /**
     * The states this instance saved last, so that the next event of a session skips decoding
     * them. Only this repository writes the store, and a new one is made for every processor
     * {@code init} (after a restore), so an entry is always what the store holds.
     */
    private final Map<String, SessionState> recentlySaved = new HashMap<>();
    /** Sessions saved since the last {@link #flush()}: the latest state, and what the store holds (or null). */
    private final Map<String, SessionState> unflushed = new HashMap<>();
    private final Map<String, SessionState> stored = new HashMap<>();

    SessionRepository(KeyValueStore<String, byte[]> sessions, KeyValueStore<Bytes, byte[]> openIndex) {
        this.sessions = sessions;
        this.openIndex = openIndex;
    }

    Optional<SessionState> find(String sessionKey) {
        SessionState pending = unflushed.get(sessionKey);
        if (pending != null) {
            return Optional.of(pending);
        }
        SessionState recent = recentlySaved.get(sessionKey);
        if (recent != null) {
            return Optional.of(recent);
        }
        byte[] bytes = sessions.get(sessionKey);
        return bytes == null ? Optional.empty() : Optional.of(SessionStateCodec.decode(bytes));
    }

    /**
     * Saves {@code after}, replacing {@code before} (what {@link #find} returned: null for a new
     * session); the stores get it at the next {@link #flush()}.
     *
     * @return whether this is the session's first save since the last flush
     */
    boolean save(SessionState before, SessionState after) {
        return save(after.key(), before, after);
    }

    /** {@link #save(SessionState, SessionState)} with the session's key at hand ({@link SessionState#key()}). */
    boolean save(String sessionKey, SessionState before, SessionState after) {
        if (unflushed.put(sessionKey, after) == null) {
            stored.put(sessionKey, before);
            return true;
        }
        return false;
    }

    /** Writes every session saved since the last flush to the stores, with its open-index entry. */
    void flush() {
        if (unflushed.isEmpty()) {
            return;
        }
        unflushed.forEach((key, after) -> write(stored.get(key), after));
        unflushed.clear();
        stored.clear();
    }

    private void write(SessionState before, SessionState after) {
        sessions.put(after.key(), SessionStateCodec.encode(after));
        if (recentlySaved.size() >= MAX_RECENTLY_SAVED) {
            recentlySaved.clear();
        }
        recentlySaved.put(after.key(), after);
        boolean wasOpen = before != null && before.open();
        boolean moved = wasOpen && before.lastReceivedAt() != after.lastReceivedAt();
        if (wasOpen && (moved || !after.open())) {
            openIndex.delete(indexKey(before));
        }
        if (after.open() && (!wasOpen || moved)) {
            openIndex.put(indexKey(after), PRESENT);
        }
    }

    /** Up to {@code limit} open sessions whose last event was received at or before {@code cutoff}. */
    List<SessionState> openSince(long cutoff, int limit) {
        flush();
        List<SessionState> due = new ArrayList<>();
        List<Bytes> stale = new ArrayList<>();
        for (Bytes key : StateRanges.keysBelow(openIndex, timeKey(cutoff + 1), limit)) {
            String sessionKey = new String(key.get(), 8, key.get().length - 8, StandardCharsets.UTF_8);
            Optional<SessionState> state = find(sessionKey);
            if (state.isPresent() && state.get().open() && indexKey(state.get()).equals(key)) {
                due.add(state.get());
            } else {
                stale.add(key);
            }
        }
        stale.forEach(openIndex::delete);
        return due;
    }

    /** Drops sessions whose last event was received before {@code cutoff}; returns how many. */
    int purgeReceivedBefore(long cutoff) {
        flush();
        List<SessionState> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = sessions.all()) {
            while (it.hasNext()) {
                SessionState state = SessionStateCodec.decode(it.next().value);
                if (state.lastReceivedAt() < cutoff) {
                    expired.add(state);
                }
            }
        }
        for (SessionState state : expired) {
            recentlySaved.remove(state.key());
            sessions.delete(state.key());
            openIndex.delete(indexKey(state));
        }
        return expired.size();
    }

    private static Bytes indexKey(SessionState state) {
        byte[] sessionKey = state.key().getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(new BinaryWriter(8 + sessionKey.length).writeLong(state.lastReceivedAt())
                .writeRaw(sessionKey).toByteArray());
    }

    private static Bytes timeKey(long time) {
        return Bytes.wrap(new BinaryWriter(8).writeLong(time).toByteArray());
    }
}
