package io.metering.ingest.topology;

/**
 * Binary format of {@link SessionState} in the sessions store: format byte 2, fixed field order,
 * then the coverage already sent to minute aggregation and the unsent contributions (ADR 0808).
 * Format 1 (before ADR 0808, when every event sent its deltas at once) is still read: such a
 * state has sent everything, so its emitted coverage is its coverage and nothing is pending.
 * <p>
 * Stateless and thread-safe.
 */
final class SessionStateCodec {

    private static final int FORMAT_EAGER_DELTAS = 1;
    private static final int FORMAT = 2;

    private SessionStateCodec() {
    }

    static byte[] encode(SessionState s) {
        BinaryWriter w = new BinaryWriter(160).writeByte(FORMAT)
                .writeString(s.tenantId()).writeString(s.deviceId()).writeString(s.sessionId())
                .writeString(s.productId()).writeNullableString(s.user()).writeString(s.executable())
                .writeLong(s.launchStart()).writeLong(s.fallbackStart()).writeLong(s.exitEnd())
                .writeLong(s.lastOccurred()).writeInt(s.launches()).writeLong(s.activeSeconds())
                .writeLong(s.idleSeconds()).writeInt(s.events()).writeLong(s.version())
                .writeByte(s.timedOut() ? 1 : 0).writeLong(s.lastReceivedAt());
        SessionCoverage emitted = s.emitted();
        w.writeByte(emitted == null ? 0 : 1);
        if (emitted != null) {
            w.writeString(emitted.productId()).writeLong(emitted.firstMinute()).writeLong(emitted.lastMinute());
            emitted.user().writeTo(w);
        }
        s.unemitted().writeTo(w); // last: it runs to the end
        return w.toByteArray();
    }

    static SessionState decode(byte[] bytes) {
        BinaryReader r = new BinaryReader(bytes);
        int format = r.readByte();
        if (format != FORMAT && format != FORMAT_EAGER_DELTAS) {
            throw new IllegalStateException("Unknown session state format " + format);
        }
        SessionState state = new SessionState(r.readString(), r.readString(), r.readString(), r.readString(),
                r.readNullableString(), r.readString(), r.readLong(), r.readLong(), r.readLong(),
                r.readLong(), r.readInt(), r.readLong(), r.readLong(), r.readInt(), r.readLong(),
                r.readByte() == 1, r.readLong(), null, UnsentContributions.NONE);
        if (format == FORMAT_EAGER_DELTAS) {
            return state.withDeltasEmitted();
        }
        SessionCoverage emitted = null;
        if (r.readByte() == 1) {
            String productId = r.readString();
            long first = r.readLong();
            long last = r.readLong();
            emitted = new SessionCoverage(productId, UserIdentity.readFrom(r), first, last);
        }
        return state.withDeltaBookkeeping(emitted, UnsentContributions.of(r.remaining()));
    }
}
