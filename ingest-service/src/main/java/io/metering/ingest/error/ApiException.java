package io.metering.ingest.error;

import java.sql.SQLException;
import java.util.Optional;

/**
 * A request that cannot be served, with the HTTP status and a reason the caller can act on.
 * {@link ApiExceptionMapper} turns every subclass into a JSON answer; nothing else maps errors.
 */
public abstract class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    protected ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    /** A stable machine-readable reason, e.g. {@code bad_signature}. */
    public String code() {
        return code;
    }

    /** The JSON answer; subclasses with more to say (e.g. per-event reasons) override it. */
    public Object body() {
        return new ApiExceptionMapper.ErrorBody(code, getMessage());
    }

    /** Seconds after which a retry may succeed, for 429 and 503. */
    public Optional<Long> retryAfterSeconds() {
        return Optional.empty();
    }

    /**
     * The refusal for text of the caller's that the database will not store (ADR 0703): a character it
     * cannot hold, such as NUL (SQLSTATE 22021, 22P05), or a value longer than its column (22001).
     * Empty for every other database error, which is the service's own.
     */
    public static Optional<ApiException> refusedText(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return switch (state) {
            case "22021", "22P05" -> Optional.of(new BadRequest("invalid_text",
                    "A text value contains a character that cannot be stored (e.g. NUL)"));
            case "22001" -> Optional.of(new BadRequest("invalid_text", "A text value is longer than allowed"));
            default -> Optional.empty();
        };
    }

    /** 400: the request is malformed or nothing in it is valid. */
    public static final class BadRequest extends ApiException {
        public BadRequest(String code, String message) {
            super(400, code, message);
        }
    }

    /** 403: the caller is authenticated but may not do this. */
    public static final class Forbidden extends ApiException {
        public Forbidden(String code, String message) {
            super(403, code, message);
        }
    }

    /** 404: no such resource in the caller's tenant. */
    public static final class NotFound extends ApiException {
        public NotFound(String message) {
            super(404, "not_found", message);
        }
    }

    /** 409: the request conflicts with the current state (e.g. a broken batch chain). */
    public static final class Conflict extends ApiException {
        public Conflict(String code, String message) {
            super(409, code, message);
        }
    }

    /** 413: the body or batch is larger than allowed. */
    public static final class TooLarge extends ApiException {
        public TooLarge(String message) {
            super(413, "too_large", message);
        }
    }

    /** 429 or 503: try again later. */
    public static final class TryLater extends ApiException {
        private final long retryAfter;

        public TryLater(int status, String code, String message, long retryAfterSeconds) {
            super(status, code, message);
            this.retryAfter = retryAfterSeconds;
        }

        @Override
        public Optional<Long> retryAfterSeconds() {
            return Optional.of(retryAfter);
        }
    }
}
