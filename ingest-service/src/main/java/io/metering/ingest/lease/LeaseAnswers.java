package io.metering.ingest.lease;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.metering.ingest.error.ApiException;

/** The answers of the lease API; the agent's enforcement depends on these shapes. */
final class LeaseAnswers {

    private LeaseAnswers() {
    }

    /** 201 (granted) and 200 (renewed): the lease and until when it holds. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Granted(String leaseId, String productId, String enforcement, Instant expiresAt, long ttlSeconds) {
    }

    /** 200: the product has no enforced entitlement valid today, so no seat is needed. */
    record NotEnforced(boolean granted, String enforcement) {
        static final NotEnforced INSTANCE = new NotEnforced(true, "none");
    }

    /** The body of a 409. */
    record NoSeatBody(String error, String enforcement, String message) {
    }

    /** 409: every seat is taken; under deny the agent ends the process, under warn it notifies. */
    static final class NoSeat extends ApiException {
        private final String enforcement;

        NoSeat(String enforcement, String message) {
            super(409, "no_seat", message);
            this.enforcement = enforcement;
        }

        @Override
        public Object body() {
            return new NoSeatBody(code(), enforcement, getMessage());
        }
    }
}
