package io.metering.schemas;

/**
 * A hand-written reader and writer of one record type's Avro binary body, for the types every event
 * passes through several times ({@link UsageEvent}, {@link DeviceEvents}): Avro's generic datum
 * writer and reader spend most of their time on unions, logical-type conversions and schema
 * lookups, 0.5 µs per event each way (ADR 0818). It writes exactly Avro's bytes and reads only
 * messages of the schema it was written for, named by {@link #schemaFingerprint()};
 * {@link SingleObjectCodec} hands every other writer version to Avro's resolving decoder, and ignores
 * a body whose fingerprint is not the current schema's (a schema changed without its body).
 * <p>
 * Implementations are stateless and thread-safe.
 *
 * @param <T> the generated record class
 */
interface FastBody<T> {

    /** The parsing fingerprint (CRC-64-AVRO) of the schema this body reads and writes. */
    long schemaFingerprint();

    void write(T record, AvroOut out);

    T read(AvroIn in);
}
