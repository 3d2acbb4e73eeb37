package io.metering.agent.enforce;

import java.time.Duration;

/** The server's answer to a seat request ({@code POST /v1/leases}). */
public sealed interface LeaseAnswer {

    /** 201: a seat is held until renewed or released. */
    record Granted(String leaseId, Enforcement enforcement, Duration ttl) implements LeaseAnswer {
    }

    /** 409 {@code no_seat}: every seat is taken. */
    record Refused(Enforcement enforcement, String message) implements LeaseAnswer {
    }

    /** 200 {@code {"granted":true,"enforcement":"none"}}: the product is not enforced (any more); nothing to hold. */
    record NotEnforced() implements LeaseAnswer {
    }
}
