package io.metering.schemas;

import java.nio.charset.StandardCharsets;

/**
 * Reads Avro's binary encoding of primitive values from a byte array. Every length and count is
 * checked against the bytes left, so a hostile message cannot make it allocate more than the message's
 * own size; malformed input is an {@link InvalidMessageException}.
 * <p>
 * Not thread-safe: one per message being read.
 */
final class AvroIn {

    private final byte[] bytes;
    private int pos;

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
