package io.metering.ingest.topology;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The launches and active seconds of a session's events that minute aggregation has not been
 * sent yet (ADR 0808), one {@link MinuteContribution} per event, kept as the bytes they are stored
 * as: adding one appends ~40 bytes instead of rebuilding a list of objects, which matters because
 * a replayed session adds dozens of events between two emissions and its state is stored after
 * each one. Entries of the same minute are merged later, by {@link MinuteDeltaCollector}.
 * <p>
 * Immutable (the bytes are never modified after creation) and thread-safe.
 */
final class UnsentContributions {

    static final UnsentContributions NONE = new UnsentContributions(new byte[0]);

    private final byte[] bytes;

    private UnsentContributions(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The contributions stored as {@code bytes}, as {@link #bytes()} gave them. */
    static UnsentContributions of(byte[] bytes) {
        return bytes.length == 0 ? NONE : new UnsentContributions(bytes);
    }

    /** These contributions and {@code c}; these themselves when {@code c} adds nothing. */
    UnsentContributions plus(MinuteContribution c) {
        if (c.launches() == 0 && c.activeSeconds() == 0) {
            return this;
        }
        byte[] entry = new BinaryWriter(32).writeString(c.productId()).writeLong(c.minute()).writeInt(c.launches())
                .writeLong(c.activeSeconds()).toByteArray();
        byte[] joined = Arrays.copyOf(bytes, bytes.length + entry.length);
        System.arraycopy(entry, 0, joined, bytes.length, entry.length);
        return new UnsentContributions(joined);
    }

    /** The size of the stored form. */
    int byteSize() {
        return bytes.length;
    }

    void forEach(Consumer<MinuteContribution> action) {
        BinaryReader r = new BinaryReader(bytes);
        while (r.hasMore()) {
            action.accept(new MinuteContribution(r.readString(), r.readLong(), r.readInt(), r.readLong()));
        }
    }

    /** The stored form; do not modify. */
    byte[] bytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnsentContributions other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("UnsentContributions[");
        forEach(c -> s.append(c).append(' '));
        return s.append(']').toString();
    }
}
