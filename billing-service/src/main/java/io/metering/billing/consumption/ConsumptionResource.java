package io.metering.billing.consumption;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
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

import com.fasterxml.jackson.annotation.JsonInclude;

import io.metering.billing.auth.Caller;
import io.metering.billing.error.ApiException;
import io.metering.schemas.Roles;

/**
 * {@code GET /api/v1/consumption?product=&metric=&from=&to=[&costCenter=][&granularity=]}: one metric
 * of one product over [from, to), with an optional series of UTC-aligned buckets.
 */
@Path("/api/v1/consumption")
@Produces(MediaType.APPLICATION_JSON)
public class ConsumptionResource {

    static final int MAX_BUCKETS = 1500;
    static final Duration MAX_PERIOD = Duration.ofDays(400);

    private final ConsumptionQuery query;
    private final Caller caller;

    @Inject
    public ConsumptionResource(ConsumptionQuery query, Caller caller) {
        this.query = query;
        this.caller = caller;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Consumption(String product, String metric, Instant from, Instant to, String costCenter,
                              String granularity, BigDecimal value, List<Point> series) {
    }

    public record Point(Instant start, BigDecimal value) {
    }

    @GET
    @RolesAllowed({Roles.LICENSE_MANAGER, Roles.FINANCE, Roles.ADMIN})
    @Operation(summary = "A metric of a product over a period, optionally per cost center and as a series")
    public Consumption get(@QueryParam("product") String product, @QueryParam("metric") String metricName,
                           @QueryParam("from") String fromText, @QueryParam("to") String toText,
                           @QueryParam("costCenter") String costCenter,
                           @QueryParam("granularity") String granularityName) throws SQLException {
        if (product == null || product.isBlank() || product.length() > 64) {
            throw new ApiException.Invalid("product is required (a product id)");
        }
        Metric metric = Metric.parse(metricName);
        Instant from = instant("from", fromText);
        Instant to = instant("to", toText);
        if (!from.isBefore(to)) {
            throw new ApiException.Invalid("from must be before to");
        }
        if (Duration.between(from, to).compareTo(MAX_PERIOD) > 0) {
            throw new ApiException.Invalid("the period is at most " + MAX_PERIOD.toDays() + " days");
        }
        if (costCenter != null && (costCenter.isBlank() || costCenter.length() > 64)) {
            throw new ApiException.Invalid("costCenter must be a cost center id or 'unallocated'");
        }
        String tenant = caller.tenant();
        Optional<String> cc = Optional.ofNullable(costCenter);
        BigDecimal value = query.value(tenant, product, metric, from, to, cc);
        List<Point> series = null;
        Granularity granularity = granularityName == null ? null : Granularity.parse(granularityName);
        if (granularity != null) {
            series = series(tenant, product, metric, from, to, cc, granularity);
        }
        return new Consumption(product, metric.apiName(), from, to, costCenter,
                granularity == null ? null : granularity.name().toLowerCase(), value, series);
    }

    private List<Point> series(String tenant, String product, Metric metric, Instant from, Instant to,
                               Optional<String> cc, Granularity granularity) throws SQLException {
        List<Point> points = new ArrayList<>();
        for (Instant start = granularity.floor(from); start.isBefore(to); start = granularity.next(start)) {
            if (points.size() == MAX_BUCKETS) {
                throw new ApiException.Invalid("more than " + MAX_BUCKETS + " buckets; choose a coarser granularity");
            }
            Instant bucketFrom = start.isBefore(from) ? from : start;
            Instant end = granularity.next(start);
            Instant bucketTo = end.isAfter(to) ? to : end;
            points.add(new Point(start, query.value(tenant, product, metric, bucketFrom, bucketTo, cc)));
        }
        return points;
    }

    /** ISO-8601 instants ({@code 2026-11-02T09:15:00Z}) or dates ({@code 2026-11-02}, midnight UTC). */
    static Instant instant(String name, String text) {
        if (text == null || text.isBlank()) {
            throw new ApiException.Invalid(name + " is required (ISO-8601, e.g. 2026-11-01T00:00:00Z or 2026-11-01)");
        }
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ApiException.Invalid(name + " is not an ISO-8601 time or date: '"
                    + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
        }
    }
}
