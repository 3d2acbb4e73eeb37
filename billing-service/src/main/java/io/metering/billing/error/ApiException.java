package io.metering.billing.error;

/**
 * A request that cannot be served, with its HTTP status and a reason the caller can act on.
 * {@link ApiExceptionMapper} is the one place that turns these into answers.
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

    public String code() {
        return code;
    }

    /** 400: a parameter or field is wrong; the message names it. */
    public static final class Invalid extends ApiException {
        public Invalid(String message) {
            super(400, "invalid", message);
        }
    }

    /** 403: authenticated, but not allowed. */
    public static final class Forbidden extends ApiException {
        public Forbidden(String code, String message) {
            super(403, code, message);
        }
    }

    /** 404: nothing with that id in the caller's tenant. */
    public static final class NotFound extends ApiException {
        public NotFound(String what, String id) {
            super(404, "not_found", what + " '" + id + "' does not exist");
        }
    }

    /** 409: the change conflicts with what exists. */
    public static final class Conflict extends ApiException {
        public Conflict(String message) {
            super(409, "conflict", message);
        }
    }
}
