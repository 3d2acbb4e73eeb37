package io.metering.billing.bill;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.metering.billing.auth.Caller;
import io.metering.billing.error.ApiException;
import io.metering.schemas.Roles;

/** {@code /api/v1/bills/{period}}: the caller's tenant's bill of a month, its exports, its finalization. */
@Path("/api/v1/bills/{period}")
public class BillResource {

    private final BillService bills;
    private final Caller caller;

    @Inject
    public BillResource(BillService bills, Caller caller) {
        this.bills = bills;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.FINANCE, Roles.ADMIN, Roles.LICENSE_MANAGER})
    @Operation(summary = "The bill of a month (YYYY-MM): DRAFT until finalized, then the stored snapshot")
    public Bill get(@PathParam("period") String period) throws SQLException {
        return bills.bill(caller.tenant(), BillPeriod.parse(period, bills.now()));
    }

    @GET
    @Path("/export")
    @Produces({"text/csv", "application/pdf", MediaType.APPLICATION_JSON})
    @RolesAllowed({Roles.FINANCE, Roles.ADMIN, Roles.LICENSE_MANAGER})
    @Operation(summary = "The bill as CSV (one row per allocation), PDF (invoice) or JSON (canonical form)")
    public Response export(@PathParam("period") String period, @QueryParam("format") String format) throws SQLException {
        if (format == null || !(format.equals("csv") || format.equals("pdf") || format.equals("json"))) {
            throw new ApiException.Invalid("format must be one of csv, pdf, json"
                    + (format == null ? "" : "; got '" + (format.length() > 20 ? format.substring(0, 20) + "..." : format) + "'"));
        }
        Bill bill = bills.bill(caller.tenant(), BillPeriod.parse(period, bills.now()));
        String file = "bill-" + bill.period() + (bill.isFinalized() ? "" : "-draft") + "." + format;
        Response.ResponseBuilder answer = switch (format) {
            case "csv" -> Response.ok(BillCsv.render(bill).getBytes(StandardCharsets.UTF_8), "text/csv; charset=UTF-8; header=present");
            case "pdf" -> Response.ok(BillPdf.render(bill), "application/pdf");
            default -> Response.ok(BillJson.canonical(bill).getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_JSON);
        };
        return answer.header("Content-Disposition", "attachment; filename=\"" + file + "\"").build();
    }

    @POST
    @Path("/finalize")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.FINANCE, Roles.ADMIN})
    @Operation(summary = "Freeze the bill of a month once its grace period is over (409 before, or when done)")
    public Bill finalizeBill(@PathParam("period") String period) throws SQLException {
        return bills.finalize(caller.tenant(), BillPeriod.parse(period, bills.now()), caller.name());
    }
}
