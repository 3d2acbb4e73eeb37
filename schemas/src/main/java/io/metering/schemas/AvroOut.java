package io.metering.schemas;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * A growable byte buffer that writes Avro's binary encoding of primitive values: {@code int} and
 * {@code long} as zig-zag variable-length integers, strings as their UTF-8 length and bytes. Also an
 * {@link OutputStream}, so that Avro's own encoder can write into it.
 * <p>
 * Not thread-safe: one per thread (see {@link SingleObjectCodec}).
 */
final class AvroOut extends OutputStream {

    /** Grown buffers beyond this are not kept between messages. */
    private static final int KEPT_BYTES = 1 << 20;
    private static final int INITIAL_BYTES = 4096;
    /** The longest string whose zig-zag length takes one byte. */
    private static final int MAX_ONE_BYTE_LENGTH = 63;
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf = new byte[INITIAL_BYTES];
    private int count;

    void reset() {
        count = 0;
    }

    /** Drops a buffer a large message grew, so one outlier does not pin a MB per thread. */
    void release() {
        if (buf.length > KEPT_BYTES) {
            buf = new byte[INITIAL_BYTES];
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, count);
    }

    void writeLong(long value) {
        ensure(10);
        long n = (value << 1) ^ (value >> 63); // zig-zag
        while ((n & ~0x7FL) != 0) {
            buf[count++] = (byte) ((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        buf[count++] = (byte) n;
    }

    void writeInt(int value) {
        writeLong(value);
    }

    /**
     * A string as its UTF-8 length and bytes. Short ASCII strings (ids, names, versions: nearly all an
     * event holds) go straight into the buffer ({@link AsciiText}); any other through
     * {@link String#getBytes}.
     */
    void writeString(String value) {
        int length = value.length();
        if (length <= MAX_ONE_BYTE_LENGTH) {
            ensure(1 + length);
            if (AsciiText.copy(value, buf, count + 1)) {
                buf[count] = (byte) (length << 1); // zig-zag of a length that fits one byte
                count += 1 + length;
                return;
            }
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeLong(utf8.length);
        write(utf8, 0, utf8.length);
    }

    /** A UUID as Avro's {@code uuid} logical type writes it: its canonical 36-character lower-case string. */
    void writeUuid(UUID value) {
        ensure(37);
        buf[count++] = (byte) (36 << 1);
        long msb = value.getMostSignificantBits();
        long lsb = value.getLeastSignificantBits();
        hex(msb >>> 32, 8);
        buf[count++] = '-';
        hex(msb >>> 16, 4);
        buf[count++] = '-';
        hex(msb, 4);
        buf[count++] = '-';
        hex(lsb >>> 48, 4);
        buf[count++] = '-';
        hex(lsb, 12);
    }

    /** The lowest {@code digits} hex digits of {@code value}, most significant first, in lower case. */
    private void hex(long value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            buf[count++] = HEX_DIGITS[(int) (value >>> shift) & 0xF];
        }
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    @Override
    public void write(byte[] b) {
        write(b, 0, b.length);
    }

    private void ensure(int more) {
        if (count + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
        }
    }
}
