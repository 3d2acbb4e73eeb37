package io.metering.agent.spool;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Reads the valid records of one segment in order, stopping at the end of the segment, at
 * {@code limit}, or at the first torn or corrupt record ({@link #validEnd()} then says where the valid
 * part ends). Not thread-safe; one reader per use.
 */
final class SegmentReader implements AutoCloseable {

    /** A record read: its seq, payload and position of the next record. */
    record Entry(long seq, byte[] payload, long end) {
    }

    private final FileChannel channel;
    private final long limit;
    private final ByteBuffer header = ByteBuffer.allocate(RecordFormat.HEADER);
    private long position;
    private boolean corrupt;

    SegmentReader(Path file, long start, long limit) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.limit = Math.min(limit, channel.size());
        this.position = start;
    }

    Optional<Entry> next() throws IOException {
        if (corrupt || position + RecordFormat.HEADER > limit) {
            corrupt |= position != limit && position < limit;
            return Optional.empty();
        }
        header.clear();
        readFully(header, position);
        int length = header.getInt(0);
        int crc = header.getInt(4);
        if (!RecordFormat.plausibleLength(length) || position + RecordFormat.HEADER + length > limit) {
            corrupt = true;
            return Optional.empty();
        }
        byte[] record = new byte[RecordFormat.HEADER + length];
        ByteBuffer body = ByteBuffer.wrap(record, RecordFormat.HEADER, length);
        readFully(body, position + RecordFormat.HEADER);
        System.arraycopy(header.array(), 0, record, 0, RecordFormat.HEADER);
        if (RecordFormat.crc(record, length) != crc) {
            corrupt = true;
            return Optional.empty();
        }
        long seq = ByteBuffer.wrap(record, RecordFormat.HEADER, 8).getLong();
        byte[] payload = new byte[length - 8];
        System.arraycopy(record, RecordFormat.HEADER + 8, payload, 0, payload.length);
        position += RecordFormat.HEADER + length;
        return Optional.of(new Entry(seq, payload, position));
    }

    /** Where the valid records end (so far). */
    long validEnd() {
        return position;
    }

    /** Whether reading stopped at a torn or corrupt record rather than the end. */
    boolean stoppedAtCorruption() {
        return corrupt;
    }

    private void readFully(ByteBuffer buffer, long at) throws IOException {
        long p = at;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, p);
            if (n < 0) {
                throw new EOFException();
            }
            p += n;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
