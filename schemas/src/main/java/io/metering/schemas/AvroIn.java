package io.metering.schemas;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * Reads Avro's binary encoding of primitive values from a byte array. Every length and count is
 * checked against the bytes left, so a hostile message cannot make it allocate more than the message's
 * own size; malformed input is an {@link InvalidMessageException}.
 * <p>
 * Not thread-safe: one per message being read.
 */
final class AvroIn {

    /** Fields that remember their last string ({@link #readString(int)}): slots 0 to {@value} - 1. */
    static final int REMEMBERED_FIELDS = 8;

    private final byte[] bytes;
    private int pos;
    /** Per remembered field, the last string read and where its bytes are in {@link #bytes}. */
    private final String[] lastValue = new String[REMEMBERED_FIELDS];
    private final int[] lastOffset = new int[REMEMBERED_FIELDS];
    private final int[] lastLength = new int[REMEMBERED_FIELDS];

    AvroIn(byte[] bytes, int offset) {
        this.bytes = bytes;
        this.pos = offset;
    }

    long readLong() {
        long raw = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = next();
            raw |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1); // zig-zag
            }
        }
        throw malformed("a long longer than 10 bytes");
    }

    int readInt() {
        long value = readLong();
        if (value != (int) value) {
            throw malformed("an int out of range: " + value);
        }
        return (int) value;
    }

    String readString() {
        int length = length(readLong(), 1, "string");
        String value = new String(bytes, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return value;
    }

    /**
     * A string of a field whose value mostly repeats from one record of the message to the next (a
     * device's tenant, its session, product, user, agent version): when its bytes equal those of the
     * field's last string, that same {@code String} is returned instead of a new one. The events of
     * a device's record share most of their strings, and each event is decoded once by the topology
     * and once by the event sink, so this saves most of their allocation.
     *
     * @param field a slot below {@link #REMEMBERED_FIELDS}, one per field of the schema
     */
    String readString(int field) {
        int length = length(readLong(), 1, "string");
        String last = lastValue[field];
        String value;
        if (last != null && lastLength[field] == length
                && Arrays.equals(bytes, pos, pos + length, bytes, lastOffset[field], lastOffset[field] + length)) {
            value = last;
        } else {
            value = new String(bytes, pos, length, StandardCharsets.UTF_8);
            lastValue[field] = value;
            lastOffset[field] = pos;
            lastLength[field] = length;
        }
        pos += length;
        return value;
    }

    /**
     * A UUID written as its string: the canonical 36-character form is read from the bytes without
     * making a string first; any other form is left to {@link UUID#fromString}, which accepts or
     * refuses it (an {@link IllegalArgumentException}).
     */
    UUID readUuid() {
        int length = length(readLong(), 1, "string");
        UUID canonical = length == 36 ? canonicalUuid(bytes, pos) : null;
        UUID value = canonical != null ? canonical : UUID.fromString(new String(bytes, pos, length, StandardCharsets.UTF_8));
        pos += length;
        return value;
    }

    /** The UUID of {@code xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx} (any case) at {@code at}, or null if it is not one. */
    private static UUID canonicalUuid(byte[] b, int at) {
        if (b[at + 8] != '-' || b[at + 13] != '-' || b[at + 18] != '-' || b[at + 23] != '-') {
            return null;
        }
        long high = hex(b, at, 8);
        long mid = hex(b, at + 9, 4);
        long low = hex(b, at + 14, 4);
        long sequence = hex(b, at + 19, 4);
        long node = hex(b, at + 24, 12);
        if ((high | mid | low | sequence | node) < 0) {
            return null;
        }
        return new UUID(high << 32 | mid << 16 | low, sequence << 48 | node);
    }

    /** The value of {@code digits} hex digits (at most 15) at {@code at}, or -1 if one is not a hex digit. */
    private static long hex(byte[] b, int at, int digits) {
        long value = 0;
        for (int i = at; i < at + digits; i++) {
            int c = b[i];
            int digit;
            if (c >= '0' && c <= '9') {
                digit = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                digit = c - 'a' + 10;
            } else if (c >= 'A' && c <= 'F') {
                digit = c - 'A' + 10;
            } else {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** The index of a union's branch or an enum's symbol, below {@code bound}. */
    int readIndex(int bound, String of) {
        int index = readInt();
        if (index < 0 || index >= bound) {
            throw malformed("no " + of + " with index " + index);
        }
        return index;
    }

    /**
     * The item count of the next block of an array or map, 0 at its end. A negative count is followed
     * by the block's size in bytes, which is skipped over; each item takes at least
     * {@code minItemBytes}, so a count beyond what is left is refused before anything is allocated.
     */
    int readBlockCount(int minItemBytes) {
        long count = readLong();
        if (count < 0) {
            count = -count;
            readLong(); // the block's byte size, for skipping; not needed here
        }
        return length(count, minItemBytes, "block");
    }

    private int length(long claimed, int minBytesEach, String of) {
        if (claimed < 0 || claimed > (bytes.length - pos) / minBytesEach) { // no overflow for any claim
            throw malformed("a " + of + " of " + claimed + " items or bytes, with " + (bytes.length - pos) + " bytes left");
        }
        return (int) claimed;
    }

    private byte next() {
        if (pos >= bytes.length) {
            throw malformed("the message ends early");
        }
        return bytes[pos++];
    }

    private static InvalidMessageException malformed(String what) {
        return new InvalidMessageException(what, null);
    }
}
