package io.metering.billing.entitlement;

import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.metering.billing.auth.Caller;
import io.metering.billing.error.ApiException;
import io.metering.schemas.Roles;

/** {@code /api/v1/entitlements}: what the caller's tenant may consume, at which prices, with which caps. */
@Path("/api/v1/entitlements")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EntitlementResource {

    private final EntitlementService service;
    private final Caller caller;

    @Inject
    public EntitlementResource(EntitlementService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.LICENSE_MANAGER, Roles.FINANCE, Roles.ADMIN})
    public List<Entitlement> list(@QueryParam("product") String product) throws SQLException {
        return service.list(caller.tenant(), Optional.ofNullable(product));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.LICENSE_MANAGER, Roles.FINANCE, Roles.ADMIN})
    public Entitlement get(@PathParam("id") String id) throws SQLException {
        return service.get(caller.tenant(), id);
    }

    @POST
    @RolesAllowed({Roles.LICENSE_MANAGER, Roles.ADMIN})
    public Response create(Entitlement body) throws SQLException {
        Entitlement e = service.create(caller.tenant(), caller.name(), EntitlementRules.validated(body));
        return Response.created(URI.create("/api/v1/entitlements/" + e.id())).entity(e).build();
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed({Roles.LICENSE_MANAGER, Roles.ADMIN})
    public Entitlement update(@PathParam("id") String id, Entitlement body) throws SQLException {
        if (body == null) {
            throw new ApiException.Invalid("An entitlement body is required");
        }
        if (body.id() != null && !body.id().equals(id)) {
            throw new ApiException.Invalid("The body's id '" + body.id() + "' differs from the path's '" + id + "'");
        }
        return service.update(caller.tenant(), caller.name(), EntitlementRules.validated(body.withId(id)));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.LICENSE_MANAGER, Roles.ADMIN})
    public Response delete(@PathParam("id") String id) throws SQLException {
        service.delete(caller.tenant(), caller.name(), id);
        return Response.noContent().build();
    }
}
