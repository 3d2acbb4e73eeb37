package io.metering.ingest.device;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.metering.ingest.auth.Caller;
import io.metering.ingest.error.ApiException;
import io.metering.schemas.Roles;

/** {@code POST /v1/devices/{id}/revoke}: an admin revokes a device; its batches are refused from then on. */
@Path("/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceAdminResource {

    private final DataSource dataSource;
    private final Caller caller;

    @Inject
    public DeviceAdminResource(DataSource dataSource, Caller caller) {
        this.dataSource = dataSource;
        this.caller = caller;
    }

    @POST
    @Path("/{id}/revoke")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Revoke a device: its key is no longer accepted")
    public Response revoke(@PathParam("id") String deviceId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     UPDATE device SET revoked_at = COALESCE(revoked_at, now())
                     WHERE tenant_id = ? AND device_id = ?""")) {
            s.setString(1, caller.tenant());
            s.setString(2, deviceId);
            if (s.executeUpdate() == 0) {
                throw new ApiException.NotFound("Device '" + (deviceId.length() > 64 ? deviceId.substring(0, 64) : deviceId)
                        + "' is not enrolled in your tenant");
            }
        }
        return Response.noContent().build();
    }
}
