package io.metering.ingest.topology;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Appends big-endian primitives and length-prefixed UTF-8 strings to a growing byte array: the
 * hand-written binary format of the topology's private state and intermediate records.
 * <p>
 * Big-endian longs of non-negative values sort like the numbers they encode, so keys that start
 * with a minute or a timestamp can be range-scanned in time order.
 * <p>
 * Not thread-safe: one instance per record being written.
 */
final class BinaryWriter {

    private byte[] buffer;
    private int size;

    BinaryWriter(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    BinaryWriter writeByte(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    BinaryWriter writeInt(int value) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    BinaryWriter writeLong(long value) {
        ensure(8);
        longAt(buffer, size, value);
        size += 8;
        return this;
    }

    /** Writes a big-endian long at an absolute offset of {@code target}; the twin of {@link BinaryReader#longAt}. */
    static void longAt(byte[] target, int offset, long value) {
        for (int i = 0; i < 8; i++) {
            target[offset + i] = (byte) (value >>> (56 - 8 * i));
        }
    }

    /** An unsigned 2-byte length, then the UTF-8 bytes; a prefix-free encoding for key parts. */
    BinaryWriter writeString(String value) {
        return writeBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A presence byte, then the string when present. */
    BinaryWriter writeNullableString(String value) {
        writeByte(value == null ? 0 : 1);
        return value == null ? this : writeString(value);
    }

    BinaryWriter writeBytes(byte[] bytes) {
        if (bytes.length > 0xFFFF) {
            throw new IllegalArgumentException("Field longer than 65535 bytes: " + bytes.length);
        }
        ensure(2 + bytes.length);
        buffer[size++] = (byte) (bytes.length >>> 8);
        buffer[size++] = (byte) bytes.length;
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    /** Appends the bytes as they are, without a length: only for the last part of a key. */
    BinaryWriter writeRaw(byte[] bytes) {
        return writeRaw(bytes, 0, bytes.length);
    }

    /** Appends {@code length} bytes from {@code offset} as they are, without a length. */
    BinaryWriter writeRaw(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
        return this;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
