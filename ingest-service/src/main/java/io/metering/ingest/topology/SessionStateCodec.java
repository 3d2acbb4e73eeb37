package io.metering.ingest.topology;

/**
 * Binary format of {@link SessionState} in the sessions store (format byte 1, fixed field order).
 * <p>
 * Stateless and thread-safe.
 */
final class SessionStateCodec {

    private static final int FORMAT = 1;

    private SessionStateCodec() {
    }

    static byte[] encode(SessionState s) {
        BinaryWriter w = new BinaryWriter(128).writeByte(FORMAT)
                .writeString(s.tenantId()).writeString(s.deviceId()).writeString(s.sessionId())
                .writeString(s.productId()).writeNullableString(s.user()).writeString(s.executable())
                .writeLong(s.launchStart()).writeLong(s.fallbackStart()).writeLong(s.exitEnd())
                .writeLong(s.lastOccurred()).writeInt(s.launches()).writeLong(s.activeSeconds())
                .writeLong(s.idleSeconds()).writeInt(s.events()).writeLong(s.version())
                .writeByte(s.timedOut() ? 1 : 0).writeLong(s.lastReceivedAt());
        return w.toByteArray();
    }

    static SessionState decode(byte[] bytes) {
        BinaryReader r = new BinaryReader(bytes);
        int format = r.readByte();
        if (format != FORMAT) {
            throw new IllegalStateException("Unknown session state format " + format);
        }
        return new SessionState(r.readString(), r.readString(), r.readString(), r.readString(),
                r.readNullableString(), r.readString(), r.readLong(), r.readLong(), r.readLong(),
                r.readLong(), r.readInt(), r.readLong(), r.readLong(), r.readInt(), r.readLong(),
                r.readByte() == 1, r.readLong());
    }
}
