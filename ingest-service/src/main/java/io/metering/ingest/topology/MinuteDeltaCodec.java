package io.metering.ingest.topology;

/**
 * Binary format of {@link MinuteDelta} on the repartition topic: format byte 2, sessions (signed
 * byte), minute, launches, active seconds, tenant, product, then the user identity when sessions is
 * not 0. About 35 bytes plus ids, no schema lookup. Format 1 (membership deltas with session keys,
 * before ADR 0805) is refused with a message: an upgrade resets the topology instead.
 * <p>
 * Stateless and thread-safe.
 */
final class MinuteDeltaCodec {

    private static final int FORMAT = 2;

    private MinuteDeltaCodec() {
    }

    static byte[] encode(MinuteDelta d) {
        BinaryWriter w = new BinaryWriter(96).writeByte(FORMAT).writeByte(d.sessions())
                .writeLong(d.minute()).writeInt(d.launches()).writeLong(d.activeSeconds())
                .writeString(d.tenantId()).writeString(d.productId());
        if (d.sessions() != 0) {
            d.user().writeTo(w);
        }
        return w.toByteArray();
    }

    static MinuteDelta decode(byte[] bytes) {
        BinaryReader r = new BinaryReader(bytes);
        int format = r.readByte();
        if (format != FORMAT) {
            throw new IllegalStateException("Minute delta of format " + format + " (expected " + FORMAT
                    + "): written by an older version; reset the topology as docs/decisions/0805 describes");
        }
        int sessions = (byte) r.readByte();
        long minute = r.readLong();
        int launches = r.readInt();
        long active = r.readLong();
        String tenant = r.readString();
        String product = r.readString();
        UserIdentity user = sessions == 0 ? null : UserIdentity.readFrom(r);
        return new MinuteDelta(tenant, product, minute, sessions, user, launches, active);
    }
}
