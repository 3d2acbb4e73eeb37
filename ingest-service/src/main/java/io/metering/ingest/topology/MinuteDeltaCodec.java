package io.metering.ingest.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * Binary format of a {@link MinuteDeltaBatch} on the repartition topic: format byte 3, tenant,
 * product, hour, count, then per delta the minute within the hour (one byte), sessions, the user
 * identity when sessions is not 0, launches and active seconds. No schema lookup. Formats 1 and 2
 * (one record per minute, before ADRs 0805 and 0808) are refused with a message: an upgrade resets
 * the topology instead.
 * <p>
 * Stateless and thread-safe.
 */
final class MinuteDeltaCodec {

    private static final int FORMAT = 3;

    private MinuteDeltaCodec() {
    }

    static byte[] encode(MinuteDeltaBatch batch) {
        BinaryWriter w = new BinaryWriter(64 + 24 * batch.deltas().size()).writeByte(FORMAT)
                .writeString(batch.tenantId()).writeString(batch.productId()).writeLong(batch.hour())
                .writeInt(batch.deltas().size());
        for (MinuteDelta d : batch.deltas()) {
            w.writeByte((int) ((d.minute() - batch.hour()) / Minutes.MINUTE_MS)).writeInt(d.sessions());
            if (d.sessions() != 0) {
                d.user().writeTo(w);
            }
            w.writeInt(d.launches()).writeLong(d.activeSeconds());
        }
        return w.toByteArray();
    }

    /** At most the bytes {@link #encode} writes for {@code d} in a batch (a UTF-8 char takes up to 3 bytes). */
    static int maxEncodedSize(MinuteDelta d) {
        return 1 + 4 + 4 + 8 + (d.user() == null ? 0 : 1 + 2 + 3 * d.user().name().length());
    }

    static MinuteDeltaBatch decode(byte[] bytes) {
        BinaryReader r = new BinaryReader(bytes);
        int format = r.readByte();
        if (format != FORMAT) {
            throw new IllegalStateException("Minute deltas of format " + format + " (expected " + FORMAT
                    + "): written by an older version; reset the topology as docs/decisions/0808 describes");
        }
        String tenant = r.readString();
        String product = r.readString();
        long hour = r.readLong();
        int count = r.readInt();
        List<MinuteDelta> deltas = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long minute = hour + r.readByte() * Minutes.MINUTE_MS;
            int sessions = r.readInt();
            UserIdentity user = sessions == 0 ? null : UserIdentity.readFrom(r);
            deltas.add(new MinuteDelta(tenant, product, minute, sessions, user, r.readInt(), r.readLong()));
        }
        return new MinuteDeltaBatch(tenant, product, hour, deltas);
    }
}
