package io.metering.billing.product;

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

import io.metering.billing.audit.AuditLog;
import io.metering.billing.audit.Transactions;
import io.metering.billing.auth.Caller;
import io.metering.billing.error.ApiException;
import io.metering.schemas.Roles;

/** {@code /api/v1/products}: the licensed products of the caller's tenant and their detection rules. */
@Path("/api/v1/products")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProductResource {

    private final ProductRepository products;
    private final Caller caller;
    private final Transactions transactions;
    private final AuditLog audit;

    @Inject
    public ProductResource(ProductRepository products, Caller caller, Transactions transactions, AuditLog audit) {
        this.products = products;
        this.caller = caller;
        this.transactions = transactions;
        this.audit = audit;
    }

    @GET
    @RolesAllowed({Roles.LICENSE_MANAGER, Roles.FINANCE, Roles.ADMIN})
    public List<Product> list() throws SQLException {
        return products.list(caller.tenant());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.LICENSE_MANAGER, Roles.FINANCE, Roles.ADMIN})
    public Product get(@PathParam("id") String id) throws SQLException {
        return products.find(caller.tenant(), id).orElseThrow(() -> new ApiException.NotFound("Product", id));
    }

    @POST
    @RolesAllowed({Roles.LICENSE_MANAGER, Roles.ADMIN})
    public Response create(Product product) throws SQLException {
        Product p = require(product).validated();
        String tenant = caller.tenant();
        transactions.inTransaction(c -> {
            if (!products.insert(c, tenant, p)) {
                throw new ApiException.Conflict("Product '" + p.id() + "' exists; use PUT /api/v1/products/" + p.id());
            }
            audit.record(c, tenant, caller.name(), AuditLog.PRODUCT, p.id(), null, p);
            return p;
        });
        return Response.created(URI.create("/api/v1/products/" + p.id())).entity(p).build();
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed({Roles.LICENSE_MANAGER, Roles.ADMIN})
    public Product update(@PathParam("id") String id, Product product) throws SQLException {
        Product p = require(product);
        if (p.id() != null && !p.id().equals(id)) {
            throw new ApiException.Invalid("The body's id '" + p.id() + "' differs from the path's '" + id + "'");
        }
        Product changed = p.withId(id).validated();
        String tenant = caller.tenant();
        return transactions.inTransaction(c -> {
            Product before = products.find(c, tenant, id).orElseThrow(() -> new ApiException.NotFound("Product", id));
            products.update(c, tenant, changed);
            audit.record(c, tenant, caller.name(), AuditLog.PRODUCT, id, before, changed);
            return changed;
        });
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.LICENSE_MANAGER, Roles.ADMIN})
    public Response delete(@PathParam("id") String id) throws SQLException {
        String tenant = caller.tenant();
        transactions.inTransaction(c -> {
            Product before = products.find(c, tenant, id).orElseThrow(() -> new ApiException.NotFound("Product", id));
            products.delete(c, tenant, id);
            audit.record(c, tenant, caller.name(), AuditLog.PRODUCT, id, before, null);
            return before;
        });
        return Response.noContent().build();
    }

    private static Product require(Product product) {
        if (product == null) {
            throw new ApiException.Invalid("A product body is required");
        }
        return product;
    }
}
