package io.metering.agent.enforce;

import java.time.Duration;
import java.util.Optional;

/** The seat API of ingest-service. Implementations are thread-safe. */
public interface LeaseClient {

    /** {@code POST /v1/leases}. */
    LeaseAnswer request(String deviceId, String productId, String sessionId, Optional<String> user)
            throws LeaseServerUnavailable, InterruptedException;

    /** {@code PUT /v1/leases/{id}}: the new TTL, or empty when the server no longer knows the lease (404). */
    Optional<Duration> renew(String leaseId) throws LeaseServerUnavailable, InterruptedException;

    /** {@code DELETE /v1/leases/{id}}; an unknown lease counts as released. */
    void release(String leaseId) throws LeaseServerUnavailable, InterruptedException;
}
