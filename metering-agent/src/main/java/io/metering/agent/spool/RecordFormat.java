package io.metering.agent.spool;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * On-disk record of a spool segment: {@code int length | int crc32c | long seq | payload}, where
 * {@code length} counts {@code seq} and payload, and the CRC32C covers length, seq and payload.
 * A record whose length is implausible or whose CRC does not match is a torn or corrupt write.
 */
final class RecordFormat {

    static final int HEADER = 8;
    static final int MAX_BODY = 8 * 1024 * 1024;

    private RecordFormat() {
    }

    static ByteBuffer encode(long seq, byte[] payload) {
        int length = 8 + payload.length;
        ByteBuffer buffer = ByteBuffer.allocate(HEADER + length);
        buffer.putInt(length).putInt(0).putLong(seq).put(payload);
        buffer.putInt(4, crc(buffer.array(), length));
        buffer.flip();
        return buffer;
    }

    /** CRC over the length field (bytes 0-3) and the body (from byte 8). */
    static int crc(byte[] record, int length) {
        CRC32C crc = new CRC32C();
        crc.update(record, 0, 4);
        crc.update(record, HEADER, length);
        return (int) crc.getValue();
    }

    static boolean plausibleLength(int length) {
        return length >= 8 && length <= MAX_BODY;
    }
}
