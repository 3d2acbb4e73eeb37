package io.metering.ingest.topology;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what {@link BinaryWriter} wrote, in the same order.
 * <p>
 * Not thread-safe: one instance per record being read.
 */
final class BinaryReader {

    private final byte[] bytes;
    private final int limit;
    private int position;

    BinaryReader(byte[] bytes) {
        this(bytes, bytes.length);
    }

    /** Reads only the first {@code length} of {@code bytes}. */
    BinaryReader(byte[] bytes, int length) {
        this.bytes = bytes;
        this.limit = length;
    }

    int readByte() {
        return bytes[position++] & 0xFF;
    }

    int readInt() {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (bytes[position++] & 0xFF);
        }
        return value;
    }

    long readLong() {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[position++] & 0xFF);
        }
        return value;
    }

    String readString() {
        int length = ((bytes[position] & 0xFF) << 8) | (bytes[position + 1] & 0xFF);
        String value = new String(bytes, position + 2, length, StandardCharsets.UTF_8);
        position += 2 + length;
        return value;
    }

    /** The bytes not read yet, consumed. */
    byte[] remaining() {
        byte[] rest = Arrays.copyOfRange(bytes, position, limit);
        position = limit;
        return rest;
    }

    /** Whether bytes are left to read. */
    boolean hasMore() {
        return position < limit;
    }

    String readNullableString() {
        return readByte() == 0 ? null : readString();
    }

    /** Big-endian long at an absolute offset, e.g. the leading timestamp of a key. */
    static long longAt(byte[] bytes, int offset) {
        long value = 0;
        for (int i = offset; i < offset + 8; i++) {
            value = (value << 8) | (bytes[i] & 0xFF);
        }
        return value;
    }
}
