package io.metering.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding (a 2-byte marker, the 8-byte schema fingerprint, then the binary body)
 * for one generated record type. Decoding resolves any published writer version into the current
 * reader schema.
 * <p>
 * Thread-safe: decoders of Avro's message package are, datum writers are, and each thread encodes
 * into its own buffer.
 *
 * @param <T> the generated record class
 */
public final class SingleObjectCodec<T extends SpecificRecord> {

    /*
     * Avro allocates what a message claims (an array of 2^31 items, a 2 GB byte string) before reading
     * it, so one hostile message could exhaust the heap. These caps, far above any real message (a batch
     * holds at most 10,000 events in a 4 MB body), make such a message an InvalidMessageException;
     * at 8 MB per claimed string or byte array, concurrent hostile requests cannot exhaust the heap.
     * Avro reads them once, when it first decodes; a value set on the command line wins.
     */
    static {
        limit("org.apache.avro.limits.collectionItems.maxLength", "1000000");
        limit("org.apache.avro.limits.bytes.maxLength", "8388608");
        limit("org.apache.avro.limits.string.maxLength", "8388608");
    }

    private static void limit(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    private final Class<T> type;
    private final BinaryMessageDecoder<T> decoder;
    /** The 10-byte header of every message: marker {@code C3 01}, then the schema's fingerprint. */
    private final byte[] header;
    private final SpecificDatumWriter<T> writer;
    /** The hand-written body of the current schema, or null: Avro's writer and reader do it all. */
    private final FastBody<T> fast;
    private final ThreadLocal<AvroOut> outputs = ThreadLocal.withInitial(AvroOut::new);
    /** Avro's encoder of each thread, reused across messages. */
    private final ThreadLocal<BinaryEncoder> encoders = new ThreadLocal<>();

    private SingleObjectCodec(Class<T> type, Schema current, String recordName, FastBody<T> body) {
        this.type = type;
        // A model bound to the type's own class loader: under Quarkus' class loaders the shared default
        // model may resolve generated classes through another loader than the caller's.
        SpecificData model = new SpecificData(type.getClassLoader());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.DateConversion());
        model.addLogicalTypeConversion(new Conversions.UUIDConversion());
        SchemaStore.Cache writers = new SchemaStore.Cache();
        for (Schema published : SchemaHistory.versions(recordName)) {
            writers.addSchema(published);
        }
        this.decoder = new BinaryMessageDecoder<>(model, current, writers);
        this.header = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0xC3).put((byte) 0x01)
                .putLong(SchemaNormalization.parsingFingerprint64(current)).array();
        this.writer = new SpecificDatumWriter<>(current, model);
        this.fast = body != null && body.schemaFingerprint() == SchemaNormalization.parsingFingerprint64(current) ? body : null;
    }

    /** A codec for a generated record class, e.g. {@code SingleObjectCodec.of(UsageEvent.class)}. */
    public static <T extends SpecificRecord> SingleObjectCodec<T> of(Class<T> type) {
        return of(type, null);
    }

    /**
     * A codec that writes and reads messages of the current schema with {@code body}, and leaves other
     * writer versions (and everything, if {@code body} is for another version of the schema) to Avro.
     */
    static <T extends SpecificRecord> SingleObjectCodec<T> of(Class<T> type, FastBody<T> body) {
        Schema schema = new SpecificData(type.getClassLoader()).getSchema(type);
        return new SingleObjectCodec<>(type, schema, schema.getName(), body);
    }

    /** Whether messages of the current schema go through a hand-written {@link FastBody}. */
    boolean hasFastBody() {
        return fast != null;
    }

    /**
     * The record's message: the same bytes as Avro's {@code BinaryMessageEncoder}, written by the
     * type's {@link FastBody} or through a buffered Avro encoder, into a per-thread buffer that keeps
     * its capacity (Avro's own writes each byte to a {@code ByteArrayOutputStream}, a few times slower
     * for a batch of events).
     */
    public byte[] encode(T record) {
        Objects.requireNonNull(record, "record");
        AvroOut out = outputs.get();
        try {
            out.reset();
            out.write(header);
            if (fast != null) {
                fast.write(record, out);
            } else {
                BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, encoders.get());
                encoders.set(encoder);
                writer.write(record, encoder);
                encoder.flush();
            }
            return out.toByteArray();
        } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException | ArithmeticException e) {
            encoders.remove(); // it may hold bytes of the failed record
            throw new InvalidMessageException("Cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        } finally {
            out.release();
        }
    }

    /**
     * Decodes one message.
     *
     * @throws InvalidMessageException when the bytes are not a message of a known version of this type
     */
    public T decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        try {
            if (fast != null && hasCurrentHeader(bytes)) {
                return fast.read(new AvroIn(bytes, header.length));
            }
            return decoder.decode(bytes);
        } catch (IOException | RuntimeException e) {
            throw new InvalidMessageException(describe(e), e);
        }
    }

    private boolean hasCurrentHeader(byte[] bytes) {
        return bytes.length >= header.length && Arrays.equals(bytes, 0, header.length, header, 0, header.length);
    }

    public Class<T> type() {
        return type;
    }

    private String describe(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof org.apache.avro.message.MissingSchemaException) {
            return "unknown schema fingerprint for " + type.getSimpleName();
        }
        if (e instanceof org.apache.avro.message.BadHeaderException) {
            return "not Avro single-object encoding: " + message;
        }
        return "malformed " + type.getSimpleName() + ": " + message;
    }
}
