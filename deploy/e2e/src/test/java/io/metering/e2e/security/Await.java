package io.metering.e2e.security;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

/** Polling for what the pipeline computes asynchronously (Kafka, Streams, sinks). */
final class Await {

    private Await() {
    }

    static void until(String what, Duration timeout, Supplier<String> lastState, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.get()) {
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError(what + " did not happen within " + timeout.toSeconds() + " s; last state: " + lastState.get());
    }

    /** A consumption value of a product for [from, to) as the tenant's finance user sees it. */
    static BigDecimal consumption(Tenant tenant, String product, String metric, Instant from, Instant to, String costCenter) {
        Http.Reply answer = Http.get(SecurityStack.billing() + "/api/v1/consumption?product=" + Http.enc(product) + "&metric="
                + metric + "&from=" + from + "&to=" + to + (costCenter == null ? "" : "&costCenter=" + Http.enc(costCenter)),
                tenant.token(Role.FINANCE));
        if (answer.status() != 200) {
            throw new AssertionError("consumption of " + product + " answered " + answer);
        }
        JsonNode value = KeycloakAdmin.read(answer.body()).get("value");
        return value.decimalValue();
    }

    /** Waits until the consumption value is {@code expected}, then checks it stays there for {@code settle}. */
    static void consumptionIs(Tenant tenant, String product, String metric, Instant from, Instant to, long expected,
                              Duration timeout) {
        BigDecimal want = BigDecimal.valueOf(expected);
        until(metric + " of " + product + " in tenant " + tenant.id() + " = " + expected, timeout,
                () -> consumption(tenant, product, metric, from, to, null).toPlainString(),
                () -> consumption(tenant, product, metric, from, to, null).compareTo(want) == 0);
    }
}
