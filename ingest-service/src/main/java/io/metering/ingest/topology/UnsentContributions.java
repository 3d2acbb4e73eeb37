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
 * Successive values share one growable buffer, like a {@code StringBuilder} whose earlier lengths
 * stay readable: {@link #plus} writes past its own length in place when no later value did so
 * already, and copies otherwise, so the events of a session added one by one cost linear rather than
 * quadratic copying. A value's bytes never change once it exists.
 * <p>
 * Values can be read from any thread; {@link #plus} is for one thread at a time per session (a stream
 * thread's).
 */
final class UnsentContributions {

    static final UnsentContributions NONE = new UnsentContributions(new Buffer(new byte[0]), 0);

    /** About the stored size of one contribution: a short product id, its minute, launches and seconds. */
    private static final int ENTRY_BYTES = 40;

    /** Bytes shared by successive values; {@code used} is the length of the newest of them. */
    private static final class Buffer {
        private final byte[] bytes;
        private int used;

        Buffer(byte[] bytes) {
            this.bytes = bytes;
            this.used = bytes.length;
        }
    }

    private final Buffer buffer;
    private final int length;

    private UnsentContributions(Buffer buffer, int length) {
        this.buffer = buffer;
        this.length = length;
    }

    /** The contributions stored as {@code bytes}, as {@link #writeTo} wrote them; keeps the array. */
    static UnsentContributions of(byte[] bytes) {
        return bytes.length == 0 ? NONE : new UnsentContributions(new Buffer(bytes), bytes.length);
    }

    /** These contributions and {@code c}; these themselves when {@code c} adds nothing. */
    UnsentContributions plus(MinuteContribution c) {
        if (c.launches() == 0 && c.activeSeconds() == 0) {
            return this;
        }
        byte[] entry = new BinaryWriter(ENTRY_BYTES).writeString(c.productId()).writeLong(c.minute())
                .writeInt(c.launches()).writeLong(c.activeSeconds()).toByteArray();
        Buffer target = buffer;
        if (target.used != length || target.bytes.length - length < entry.length) {
            // a later value already wrote past this one, or the buffer is full: continue in a copy
            target = new Buffer(Arrays.copyOf(buffer.bytes,
                    Math.max(length + entry.length, Math.max(2 * length, 4 * ENTRY_BYTES))));
        }
        System.arraycopy(entry, 0, target.bytes, length, entry.length);
        target.used = length + entry.length;
        return new UnsentContributions(target, length + entry.length);
    }

    /** The size of the stored form. */
    int byteSize() {
        return length;
    }

    void forEach(Consumer<MinuteContribution> action) {
        BinaryReader r = new BinaryReader(buffer.bytes, length);
        while (r.hasMore()) {
            action.accept(new MinuteContribution(r.readString(), r.readLong(), r.readInt(), r.readLong()));
        }
    }

    /** Appends the stored form to {@code w}. */
    void writeTo(BinaryWriter w) {
        w.writeRaw(buffer.bytes, 0, length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnsentContributions other
                && Arrays.equals(buffer.bytes, 0, length, other.buffer.bytes, 0, other.length);
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + buffer.bytes[i];
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("UnsentContributions[");
        forEach(c -> s.append(c).append(' '));
        return s.append(']').toString();
    }
}
