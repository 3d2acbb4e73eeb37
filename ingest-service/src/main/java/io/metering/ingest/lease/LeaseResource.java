package io.metering.ingest.lease;

import java.net.URI;
import java.sql.SQLException;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.metering.ingest.auth.Caller;
import io.metering.ingest.error.ApiException;
import io.metering.schemas.Roles;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code /v1/leases}: seats of enforced products. {@code POST} asks for one at launch (201 granted, 409
 * {@code no_seat}, 200 not enforced), {@code PUT /{id}} renews it with the heartbeat (404 once expired),
 * {@code DELETE /{id}} frees it at exit.
 */
@Path("/v1/leases")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.AGENT)
public class LeaseResource {

    private final LeaseService leases;
    private final Caller caller;
    private final MeterRegistry registry;

    @Inject
    public LeaseResource(LeaseService leases, Caller caller, MeterRegistry registry) {
        this.leases = leases;
        this.caller = caller;
        this.registry = registry;
    }

    @POST
    @Operation(summary = "A seat for a launched process of an enforced product")
    public Response grant(LeaseRequest body) throws SQLException {
        if (body == null) {
            throw new ApiException.BadRequest("invalid_lease_request",
                    "A body {\"deviceId\",\"productId\",\"sessionId\",\"user\"} is required");
        }
        LeaseRequest request = body.validated();
        LeaseService.Outcome outcome;
        try {
            outcome = leases.grant(caller.tenant(), request);
        } catch (LeaseAnswers.NoSeat e) {
            count("denied");
            throw e;
        }
        count(outcome instanceof LeaseService.Granted ? "granted" : "not_enforced");
        if (outcome instanceof LeaseService.Granted g) {
            return Response.created(URI.create("/v1/leases/" + g.leaseId()))
                    .entity(new LeaseAnswers.Granted(g.leaseId().toString(), request.productId(), g.enforcement(),
                            g.expiresAt(), leases.ttlSeconds())).build();
        }
        return Response.ok(LeaseAnswers.NotEnforced.INSTANCE).build();
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Renews a lease (the agent's heartbeat)")
    public LeaseAnswers.Granted renew(@PathParam("id") String id) throws SQLException {
        UUID leaseId = parse(id);
        var expiresAt = leases.renew(caller.tenant(), leaseId);
        count(expiresAt.isPresent() ? "renewed" : "expired");
        return expiresAt.map(until -> new LeaseAnswers.Granted(id, null, null, until, leases.ttlSeconds()))
                .orElseThrow(() -> new ApiException.NotFound("Lease '" + id + "' does not exist or expired; ask for a new one"));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Frees a seat")
    public Response release(@PathParam("id") String id) throws SQLException {
        leases.release(caller.tenant(), parse(id));
        count("released");
        return Response.noContent().build();
    }

    /** {@code metering.leases{outcome}}: granted, not_enforced, denied, renewed, expired, released. */
    private void count(String outcome) {
        registry.counter("metering.leases", "outcome", outcome).increment();
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ApiException.NotFound("Lease '" + (id.length() > 60 ? id.substring(0, 60) : id) + "' does not exist");
        }
    }
}
