package io.metering.ingest.topology;

/**
 * Who a session counts as for distinct users: its user, or, for a session without a user, the
 * "device user" {@code device:<deviceId>}. The tag keeps a user literally named
 * {@code device:x} apart from the device user of device {@code x}.
 * <p>
 * Immutable and thread-safe.
 *
 * @param deviceUser true for the stand-in identity of a session without a user
 * @param name       the user, or the device id for a device user
 */
record UserIdentity(boolean deviceUser, String name) {

    static UserIdentity of(String user, String deviceId) {
        return user == null ? new UserIdentity(true, deviceId) : new UserIdentity(false, user);
    }

    void writeTo(BinaryWriter writer) {
        writer.writeByte(deviceUser ? 1 : 0).writeString(name);
    }

    static UserIdentity readFrom(BinaryReader reader) {
        boolean device = reader.readByte() == 1;
        return new UserIdentity(device, reader.readString());
    }

    @Override
    public String toString() {
        return deviceUser ? "device:" + name : name;
    }
}
