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

    @Inject
    public ProductResource(ProductRepository products, Caller caller) {
        this.products = products;
        this.caller = caller;
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
        if (!products.insert(caller.tenant(), p)) {
            throw new ApiException.Conflict("Product '" + p.id() + "' exists; use PUT /api/v1/products/" + p.id());
        }
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
        p = p.withId(id).validated();
        if (!products.update(caller.tenant(), p)) {
            throw new ApiException.NotFound("Product", id);
        }
        return p;
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.LICENSE_MANAGER, Roles.ADMIN})
    public Response delete(@PathParam("id") String id) throws SQLException {
        if (!products.delete(caller.tenant(), id)) {
            throw new ApiException.NotFound("Product", id);
        }
        return Response.noContent().build();
    }

    private static Product require(Product product) {
        if (product == null) {
            throw new ApiException.Invalid("A product body is required");
        }
        return product;
    }
}
