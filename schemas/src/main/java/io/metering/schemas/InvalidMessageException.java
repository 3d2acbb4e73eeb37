package io.metering.schemas;

/** Bytes that are not a valid message of the expected type; the message says why, for the sender. */
public final class InvalidMessageException extends RuntimeException {

    public InvalidMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
