package io.metering.ingest.topology;

/**
 * Binary format of {@link MinuteDelta} on the repartition topic: format byte 1, op, minute,
 * launches, active seconds, tenant, product, then session key and user identity when present.
 * About 40 bytes plus ids, no schema lookup.
 * <p>
 * Stateless and thread-safe.
 */
final class MinuteDeltaCodec {

    private static final int FORMAT = 1;
    private static final MinuteDelta.Op[] OPS = MinuteDelta.Op.values();

    private MinuteDeltaCodec() {
    }

    static byte[] encode(MinuteDelta d) {
        BinaryWriter w = new BinaryWriter(96).writeByte(FORMAT).writeByte(d.op().ordinal())
                .writeLong(d.minute()).writeInt(d.launches()).writeLong(d.activeSeconds())
                .writeString(d.tenantId()).writeString(d.productId());
        if (d.op() != MinuteDelta.Op.NONE) {
            w.writeString(d.sessionKey());
        }
        if (d.op() == MinuteDelta.Op.ADD) {
            d.user().writeTo(w);
        }
        return w.toByteArray();
    }

    static MinuteDelta decode(byte[] bytes) {
        BinaryReader r = new BinaryReader(bytes);
        int format = r.readByte();
        if (format != FORMAT) {
            throw new IllegalStateException("Unknown minute delta format " + format);
        }
        MinuteDelta.Op op = OPS[r.readByte()];
        long minute = r.readLong();
        int launches = r.readInt();
        long active = r.readLong();
        String tenant = r.readString();
        String product = r.readString();
        String sessionKey = op == MinuteDelta.Op.NONE ? null : r.readString();
        UserIdentity user = op == MinuteDelta.Op.ADD ? UserIdentity.readFrom(r) : null;
        return new MinuteDelta(tenant, product, minute, op, sessionKey, user, launches, active);
    }
}
