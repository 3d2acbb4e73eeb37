package io.metering.billing.webhook;

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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.metering.billing.audit.AuditLog;
import io.metering.billing.audit.Transactions;
import io.metering.billing.auth.Caller;
import io.metering.billing.error.ApiException;
import io.metering.schemas.Roles;

/** {@code /api/v1/webhooks}: where license alerts are POSTed, and the log of each webhook's deliveries. */
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.LICENSE_MANAGER})
public class WebhookResource {

    private final Transactions transactions;
    private final WebhookRepository webhooks;
    private final AuditLog audit;
    private final Caller caller;

    @Inject
    public WebhookResource(Transactions transactions, WebhookRepository webhooks, AuditLog audit, Caller caller) {
        this.transactions = transactions;
        this.webhooks = webhooks;
        this.audit = audit;
        this.caller = caller;
    }

    @GET
    public List<Webhook> list() throws SQLException {
        return transactions.inTransaction(c -> webhooks.list(c, caller.tenant())).stream().map(Webhook::redacted).toList();
    }

    @GET
    @Path("/{id}")
    public Webhook get(@PathParam("id") String id) throws SQLException {
        return existing(id).redacted();
    }

    @POST
    public Response create(Webhook body) throws SQLException {
        Webhook w = require(body).validated(true);
        String tenant = caller.tenant();
        transactions.inTransaction(c -> {
            if (!webhooks.insert(c, tenant, w)) {
                throw new ApiException.Conflict("Webhook '" + w.id() + "' exists; use PUT /api/v1/webhooks/" + w.id());
            }
            audit.record(c, tenant, caller.name(), AuditLog.WEBHOOK, w.id(), null, w.redacted());
            return w;
        });
        return Response.created(URI.create("/api/v1/webhooks/" + w.id())).entity(w.redacted()).build();
    }

    /** Changes the URL; the secret stays unless a new one is given. */
    @PUT
    @Path("/{id}")
    public Webhook update(@PathParam("id") String id, Webhook body) throws SQLException {
        Webhook given = require(body);
        if (given.id() != null && !given.id().equals(id)) {
            throw new ApiException.Invalid("The body's id '" + given.id() + "' differs from the path's '" + id + "'");
        }
        Webhook changed = new Webhook(id, given.url(), given.secret()).validated(false);
        String tenant = caller.tenant();
        return transactions.inTransaction(c -> {
            Webhook before = webhooks.find(c, tenant, id).orElseThrow(() -> new ApiException.NotFound("Webhook", id));
            Webhook after = new Webhook(id, changed.url(), changed.secret() != null ? changed.secret() : before.secret());
            webhooks.update(c, tenant, after);
            audit.record(c, tenant, caller.name(), AuditLog.WEBHOOK, id, before.redacted(), after.redacted());
            return after.redacted();
        });
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) throws SQLException {
        String tenant = caller.tenant();
        transactions.inTransaction(c -> {
            Webhook before = webhooks.find(c, tenant, id).orElseThrow(() -> new ApiException.NotFound("Webhook", id));
            webhooks.delete(c, tenant, id);
            audit.record(c, tenant, caller.name(), AuditLog.WEBHOOK, id, before.redacted(), null);
            return before;
        });
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/deliveries")
    public List<Delivery> deliveries(@PathParam("id") String id, @QueryParam("limit") Integer limit) throws SQLException {
        int max = limit == null ? 100 : limit;
        if (max < 1 || max > 1000) {
            throw new ApiException.Invalid("limit must be between 1 and 1000");
        }
        String tenant = caller.tenant();
        return transactions.inTransaction(c -> {
            webhooks.find(c, tenant, id).orElseThrow(() -> new ApiException.NotFound("Webhook", id));
            return webhooks.deliveries(c, tenant, id, max);
        });
    }

    private Webhook existing(String id) throws SQLException {
        String tenant = caller.tenant();
        return transactions.inTransaction(c -> webhooks.find(c, tenant, id))
                .orElseThrow(() -> new ApiException.NotFound("Webhook", id));
    }

    private static Webhook require(Webhook body) {
        if (body == null) {
            throw new ApiException.Invalid("A webhook body {\"id\":..,\"url\":..,\"secret\":..} is required");
        }
        return body;
    }
}
