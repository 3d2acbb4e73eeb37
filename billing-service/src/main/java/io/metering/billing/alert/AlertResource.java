package io.metering.billing.alert;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.metering.billing.audit.Transactions;
import io.metering.billing.auth.Caller;
import io.metering.billing.error.ApiException;
import io.metering.schemas.Roles;

/** {@code GET /api/v1/alerts[?product=&period=&limit=]}: license alerts of the caller's tenant, newest first. */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    private final Transactions transactions;
    private final AlertRepository alerts;
    private final Caller caller;

    @Inject
    public AlertResource(Transactions transactions, AlertRepository alerts, Caller caller) {
        this.transactions = transactions;
        this.alerts = alerts;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.LICENSE_MANAGER, Roles.FINANCE, Roles.ADMIN})
    @Operation(summary = "License alerts: an entitlement's consumption reached a threshold in a period")
    public List<Alert> list(@QueryParam("product") String product, @QueryParam("period") String period,
                            @QueryParam("limit") Integer limit) throws SQLException {
        int max = limit == null ? 200 : limit;
        if (max < 1 || max > 1000) {
            throw new ApiException.Invalid("limit must be between 1 and 1000");
        }
        if (period != null && Periods.parse(period).isEmpty()) {
            throw new ApiException.Invalid("period must be a year (2026), a month (2026-11) or a day (2026-11-02)");
        }
        String tenant = caller.tenant();
        return transactions.inTransaction(c -> alerts.list(c, tenant, Optional.ofNullable(product),
                Optional.ofNullable(period), max));
    }
}
