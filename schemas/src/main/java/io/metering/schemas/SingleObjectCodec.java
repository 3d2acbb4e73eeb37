package io.metering.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding (a 2-byte marker, the 8-byte schema fingerprint, then the binary body)
 * for one generated record type. Decoding resolves any published writer version into the current
 * reader schema.
 * <p>
 * Thread-safe: encoders and decoders of Avro's message package are.
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
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private SingleObjectCodec(Class<T> type, Schema current, String recordName) {
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
        this.encoder = new BinaryMessageEncoder<>(model, current);
        this.decoder = new BinaryMessageDecoder<>(model, current, writers);
    }

    /** A codec for a generated record class, e.g. {@code SingleObjectCodec.of(UsageEvent.class)}. */
    public static <T extends SpecificRecord> SingleObjectCodec<T> of(Class<T> type) {
        Schema schema = new SpecificData(type.getClassLoader()).getSchema(type);
        return new SingleObjectCodec<>(type, schema, schema.getName());
    }

    public byte[] encode(T record) {
        Objects.requireNonNull(record, "record");
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
            throw new InvalidMessageException("Cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
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
            return decoder.decode(bytes);
        } catch (IOException | RuntimeException e) {
            throw new InvalidMessageException(describe(e), e);
        }
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
