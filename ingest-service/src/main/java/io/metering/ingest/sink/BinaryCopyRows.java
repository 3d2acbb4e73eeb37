package io.metering.ingest.sink;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

import io.metering.schemas.AsciiText;

/**
 * Rows in PostgreSQL's binary {@code COPY} format: the signature header, then per row a field count
 * and each field as its length and its binary value (big-endian), then the trailer. PostgreSQL reads
 * it without parsing text (timestamps, numbers, UUIDs), which for {@code usage_event} is a large part
 * of its CPU per row (ADR 0813). Types as the target columns declare them: {@code text},
 * {@code bigint}, {@code integer}, {@code timestamptz}, {@code uuid}.
 * <p>
 * Not thread-safe. An instance may be {@link #clear() cleared} and filled again, so that a sink keeps
 * its buffer from batch to batch instead of allocating megabytes per batch.
 */
final class BinaryCopyRows {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** Microseconds from the Unix epoch to PostgreSQL's, 2000-01-01T00:00:00Z. */
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;
    /** The signature, the flags and the header extension length. */
    private static final int HEADER_BYTES = SIGNATURE.length + 8;
    /** A buffer grown beyond this is dropped by {@link #clear()}, so one huge batch does not pin it. */
    static final int KEPT_BYTES = 32 << 20;

    private final int fieldsPerRow;
    private byte[] buf;
    private int count;
    private int rows;
    /** Where each row starts in {@link #buf}. */
    private int[] rowStarts = new int[64];
    private boolean finished;

    BinaryCopyRows(int fieldsPerRow, int expectedRows) {
        this.fieldsPerRow = fieldsPerRow;
        this.buf = new byte[Math.max(64, HEADER_BYTES + expectedRows * (2 + fieldsPerRow * 12))];
        raw(SIGNATURE, 0, SIGNATURE.length);
        int4(0); // flags
        int4(0); // header extension length
    }

    /** Drops every row (the header stays), ready to be filled again. */
    void clear() {
        if (buf.length > KEPT_BYTES) {
            buf = Arrays.copyOf(buf, HEADER_BYTES);
            rowStarts = new int[64];
        }
        count = HEADER_BYTES;
        rows = 0;
        finished = false;
    }

    BinaryCopyRows row() {
        if (finished) {
            throw new IllegalStateException("the rows were already handed to COPY");
        }
        if (rows == rowStarts.length) {
            rowStarts = Arrays.copyOf(rowStarts, rows * 2);
        }
        rowStarts[rows++] = count;
        ensure(2);
        buf[count++] = (byte) (fieldsPerRow >>> 8);
        buf[count++] = (byte) fieldsPerRow;
        return this;
    }

    int rows() {
        return rows;
    }

    /**
     * The same rows in another order: row {@code order[0]} first, and so on. {@code order} is a
     * permutation of the row indexes; each row's bytes are copied once.
     */
    BinaryCopyRows reordered(int[] order) {
        return reordered(order, new BinaryCopyRows(fieldsPerRow, 0));
    }

    /** {@link #reordered(int[])} into {@code copy}, which is cleared first; returns {@code copy}. */
    BinaryCopyRows reordered(int[] order, BinaryCopyRows copy) {
        if (finished) {
            throw new IllegalStateException("the rows were already handed to COPY");
        }
        if (order.length != rows) {
            throw new IllegalArgumentException(order.length + " positions for " + rows + " rows");
        }
        if (copy == this || copy.fieldsPerRow != fieldsPerRow) {
            throw new IllegalArgumentException("rows are reordered into other rows of as many fields");
        }
        copy.clear();
        copy.ensure(count - copy.count + 2); // room for these rows and the trailer
        if (copy.rowStarts.length < rows) {
            copy.rowStarts = new int[rows];
        }
        for (int row : order) {
            int start = rowStarts[row];
            int end = row + 1 < rows ? rowStarts[row + 1] : count;
            copy.rowStarts[copy.rows++] = copy.count;
            System.arraycopy(buf, start, copy.buf, copy.count, end - start);
            copy.count += end - start;
        }
        return copy;
    }

    BinaryCopyRows text(String value) {
        if (value == null) {
            return nul();
        }
        // the usual ASCII ids and names go straight into the buffer, without a byte array of their own
        int length = value.length();
        ensure(4 + length);
        if (AsciiText.copy(value, buf, count + 4)) {
            int4(length);
            count += length;
            return this;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        int4(utf8.length);
        raw(utf8, 0, utf8.length);
        return this;
    }

    BinaryCopyRows int8(long value) {
        int4(8);
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[count++] = (byte) (value >>> shift);
        }
        return this;
    }

    BinaryCopyRows int4Field(int value) {
        int4(4);
        int4(value);
        return this;
    }

    /** A {@code timestamptz} from epoch milliseconds. */
    BinaryCopyRows timestamptz(long epochMillis) {
        return int8(epochMillis * 1000 - POSTGRES_EPOCH_MICROS);
    }

    BinaryCopyRows uuid(UUID value) {
        if (value == null) {
            return nul();
        }
        int4(16);
        long msb = value.getMostSignificantBits();
        long lsb = value.getLeastSignificantBits();
        ensure(16);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[count++] = (byte) (msb >>> shift);
        }
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[count++] = (byte) (lsb >>> shift);
        }
        return this;
    }

    BinaryCopyRows nul() {
        int4(-1);
        return this;
    }

    /** The whole COPY stream, trailer included; no rows can be added after the first call. */
    InputStream toStream() {
        if (!finished) {
            finished = true;
            ensure(2);
            buf[count++] = (byte) 0xFF;
            buf[count++] = (byte) 0xFF;
        }
        return new ByteArrayInputStream(buf, 0, count);
    }

    private void int4(int value) {
        ensure(4);
        buf[count++] = (byte) (value >>> 24);
        buf[count++] = (byte) (value >>> 16);
        buf[count++] = (byte) (value >>> 8);
        buf[count++] = (byte) value;
    }

    private void raw(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buf, count, length);
        count += length;
    }

    private void ensure(int more) {
        if (count + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
        }
    }
}
