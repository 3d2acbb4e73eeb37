package io.metering.schemas;

/**
 * Writes a string's bytes straight into an encoder's buffer when it is ASCII, as nearly every id,
 * name and version an event holds is: its UTF-8 bytes are then its chars, and no byte array of its
 * own ({@link String#getBytes}) is made. Shared by the Avro encoder and the event sink's binary
 * {@code COPY} rows. Stateless and thread-safe.
 */
public final class AsciiText {

    private AsciiText() {
    }

    /**
     * Copies {@code value}'s chars as bytes into {@code target} from {@code at} if all of them are
     * ASCII, and says whether they were. When they were not, the bytes written from {@code at} mean
     * nothing and the caller encodes the string another way. The caller makes room for
     * {@code value.length()} bytes.
     */
    public static boolean copy(String value, byte[] target, int at) {
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                return false;
            }
            target[at + i] = (byte) c;
        }
        return true;
    }
}
