package io.metering.billing.costcenter;

import java.net.URI;
import java.sql.SQLException;
import java.util.List;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.metering.billing.auth.Caller;
import io.metering.billing.error.ApiException;
import io.metering.schemas.Roles;

/** {@code /api/v1/cost-centers}: cost centers, their users and devices, and a CSV import of members. */
@Path("/api/v1/cost-centers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CostCenterResource {

    /** The answer to a refused import: every bad line with its reason. */
    public record ImportErrors(String error, String message, List<CostCenterService.LineError> lines) {
    }

    private final CostCenterService service;
    private final Caller caller;

    @Inject
    public CostCenterResource(CostCenterService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.LICENSE_MANAGER, Roles.FINANCE, Roles.ADMIN})
    public List<CostCenter> list() throws SQLException {
        return service.list(caller.tenant());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.LICENSE_MANAGER, Roles.FINANCE, Roles.ADMIN})
    public CostCenter get(@PathParam("id") String id) throws SQLException {
        return service.get(caller.tenant(), id);
    }

    @POST
    @RolesAllowed({Roles.LICENSE_MANAGER, Roles.ADMIN})
    public Response create(CostCenter body) throws SQLException {
        CostCenter cc = require(body).validated();
        service.create(caller.tenant(), caller.name(), cc);
        return Response.created(URI.create("/api/v1/cost-centers/" + cc.id())).entity(cc).build();
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed({Roles.LICENSE_MANAGER, Roles.ADMIN})
    public CostCenter update(@PathParam("id") String id, CostCenter body) throws SQLException {
        CostCenter cc = require(body);
        if (cc.id() != null && !cc.id().equals(id)) {
            throw new ApiException.Invalid("The body's id '" + cc.id() + "' differs from the path's '" + id + "'");
        }
        return service.rename(caller.tenant(), caller.name(), new CostCenter(id, cc.name()).validated());
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.LICENSE_MANAGER, Roles.ADMIN})
    public Response delete(@PathParam("id") String id) throws SQLException {
        service.delete(caller.tenant(), caller.name(), id);
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/members")
    @RolesAllowed({Roles.LICENSE_MANAGER, Roles.FINANCE, Roles.ADMIN})
    public Members members(@PathParam("id") String id) throws SQLException {
        return service.members(caller.tenant(), id);
    }

    @PUT
    @Path("/{id}/members")
    @RolesAllowed({Roles.LICENSE_MANAGER, Roles.ADMIN})
    public Members replaceMembers(@PathParam("id") String id, Members body) throws SQLException {
        if (body == null) {
            throw new ApiException.Invalid("A body {\"users\":[..],\"devices\":[..]} is required");
        }
        return service.replaceMembers(caller.tenant(), caller.name(), id, body.validated());
    }

    @POST
    @Path("/import")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @RolesAllowed({Roles.LICENSE_MANAGER, Roles.ADMIN})
    public Response importCsv(String csv) throws SQLException {
        try {
            return Response.ok(service.importCsv(caller.tenant(), caller.name(), csv)).build();
        } catch (CostCenterService.ImportRefused e) {
            return refused(e);
        } catch (CostCenterService.ImportFailure e) {
            return refused(e.refused);
        }
    }

    private static Response refused(CostCenterService.ImportRefused e) {
        return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ImportErrors("invalid_import", e.errors.size() + " line(s) are wrong; nothing was imported",
                        e.errors)).build();
    }

    private static CostCenter require(CostCenter body) {
        if (body == null) {
            throw new ApiException.Invalid("A cost center body {\"id\":..,\"name\":..} is required");
        }
        return body;
    }
}
