package io.metering.billing.compliance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.metering.billing.alert.Periods;
import io.metering.billing.audit.Transactions;
import io.metering.billing.auth.Caller;
import io.metering.billing.consumption.ConsumptionQuery;
import io.metering.billing.consumption.Metric;
import io.metering.billing.entitlement.Entitlement;
import io.metering.billing.entitlement.EntitlementRepository;
import io.metering.billing.entitlement.EntitlementRules;
import io.metering.billing.error.ApiException;
import io.metering.schemas.Roles;

/**
 * {@code GET /api/v1/compliance?period=2026-11}: entitled against consumed for every entitlement valid in
 * the period; {@code GET /api/v1/compliance/reharvest?days=30}: licenses held without active use.
 */
@Path("/api/v1/compliance")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.LICENSE_MANAGER, Roles.FINANCE, Roles.ADMIN})
public class ComplianceResource {

    private final Transactions transactions;
    private final DataSource dataSource;
    private final EntitlementRepository entitlements;
    private final ConsumptionQuery consumption;
    private final Caller caller;

    @Inject
    public ComplianceResource(Transactions transactions, DataSource dataSource, EntitlementRepository entitlements,
                              ConsumptionQuery consumption, Caller caller) {
        this.transactions = transactions;
        this.dataSource = dataSource;
        this.entitlements = entitlements;
        this.consumption = consumption;
        this.caller = caller;
    }

    /** The answer: the asked period and one position per entitlement, by product. */
    public record Compliance(String period, Instant from, Instant to, List<Position> positions) {
    }

    @GET
    @Operation(summary = "Entitled against consumed per product and entitlement, with the cost of any shortfall")
    public Compliance position(@QueryParam("period") String periodText) throws SQLException {
        Periods.Period asked = periodText == null
                ? Periods.containing("month", LocalDate.now(ZoneOffset.UTC))
                : Periods.parse(periodText).orElseThrow(() -> new ApiException.Invalid(
                        "period must be a year (2026), a month (2026-11) or a day (2026-11-02)"));
        String tenant = caller.tenant();
        List<Entitlement> all = transactions.inTransaction(c -> entitlements.list(c, tenant, Optional.empty()));
        List<Position> positions = new ArrayList<>();
        for (Entitlement e : all) {
            if (e.validFrom().isBefore(asked.endDay()) && (e.validTo() == null || !e.validTo().isBefore(asked.firstDay()))) {
                positions.add(position(tenant, e, covering(e, asked)));
            }
        }
        return new Compliance(asked.label(), asked.from(), asked.to(), positions);
    }

    /** The longer of the asked period and the entitlement's own, containing the asked one. */
    static Periods.Period covering(Entitlement e, Periods.Period asked) {
        Periods.Period own = Periods.containing(e.period(), asked.firstDay());
        return Duration.between(own.from(), own.to()).compareTo(Duration.between(asked.from(), asked.to())) > 0 ? own : asked;
    }

    private Position position(String tenant, Entitlement e, Periods.Period p) throws SQLException {
        Metric metric = Metric.parse(e.metric());
        Optional<String> cc = Optional.ofNullable(e.costCenter());
        BigDecimal consumed = EntitlementRules.normalised(consumption.value(tenant, e.product(), metric, p.from(), p.to(), cc));
        BigDecimal current = null;
        BigDecimal peak = null;
        if (metric == Metric.CONCURRENT_SESSIONS || metric == Metric.CONCURRENT_USERS) {
            peak = consumed;
            Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            if (!minute.isBefore(p.from()) && minute.isBefore(p.to())) {
                // the previous and the running minute: an open session's end is its last heartbeat
                current = EntitlementRules.normalised(consumption.value(tenant, e.product(), metric,
                        minute.minusSeconds(60), minute.plusSeconds(60), cc));
            }
        }
        BigDecimal over = consumed.subtract(e.quantity()).max(BigDecimal.ZERO);
        BigDecimal under = e.quantity().subtract(consumed).max(BigDecimal.ZERO);
        BigDecimal overagePrice = new BigDecimal(e.overagePrice());
        int minor = Math.max(0, Currency.getInstance(e.currency()).getDefaultFractionDigits());
        BigDecimal cost = over.multiply(overagePrice).setScale(minor, RoundingMode.HALF_EVEN);
        String status = over.signum() > 0 ? "over" : "within";
        return new Position(e.product(), e.id(), e.metric(), e.costCenter(), p.label(), e.quantity(), consumed, current,
                peak, EntitlementRules.normalised(over), EntitlementRules.normalised(under), status, e.currency(),
                e.overagePrice(), cost.toPlainString());
    }

    @GET
    @Path("/reharvest")
    @Operation(summary = "Users and devices holding a named-user or per-device license without active use for N days")
    public List<ReharvestCandidate> reharvest(@QueryParam("days") Integer daysParam) throws SQLException {
        int days = daysParam == null ? 30 : daysParam;
        if (days < 1 || days > 366) {
            throw new ApiException.Invalid("days must be between 1 and 366");
        }
        String tenant = caller.tenant();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Map<String, List<String>> byProductAndKind = new LinkedHashMap<>();
        for (Entitlement e : transactions.inTransaction(c -> entitlements.list(c, tenant, Optional.empty()))) {
            String kind = Metric.USERS.apiName().equals(e.metric()) ? "user"
                    : Metric.DEVICES.apiName().equals(e.metric()) ? "device" : null;
            if (kind != null && e.validOn(today)) {
                byProductAndKind.computeIfAbsent(e.product() + "\n" + kind, k -> new ArrayList<>()).add(e.id());
            }
        }
        Instant now = Instant.now();
        List<ReharvestCandidate> candidates = new ArrayList<>();
        for (Map.Entry<String, List<String>> group : byProductAndKind.entrySet()) {
            String[] parts = group.getKey().split("\n");
            candidates.addAll(idle(tenant, parts[0], parts[1], group.getValue(), now.minus(HOLDING), now.minus(Duration.ofDays(days))));
        }
        return candidates;
    }

    /** Who holds a license: anyone with a session of the product in the last year. */
    static final Duration HOLDING = Duration.ofDays(365);

    private List<ReharvestCandidate> idle(String tenant, String product, String kind, List<String> entitlementIds,
                                          Instant holdersSince, Instant activeSince) throws SQLException {
        String column = "user".equals(kind) ? "user_name" : "device_id";
        String sql = """
                SELECT s.%1$s, max(s.ended_at) FILTER (WHERE s.active_seconds > 0)
                FROM usage_session s
                WHERE s.tenant_id = ? AND s.product_id = ? AND s.ended_at >= ? AND s.%1$s IS NOT NULL
                GROUP BY s.%1$s
                HAVING NOT EXISTS (SELECT 1 FROM usage_event e WHERE e.tenant_id = ? AND e.product_id = ?
                                   AND e.occurred_at >= ? AND e.active_seconds > 0 AND e.%1$s = s.%1$s)
                ORDER BY 1""".formatted(column);
        List<ReharvestCandidate> result = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, tenant);
            s.setString(2, product);
            s.setTimestamp(3, Timestamp.from(holdersSince));
            s.setString(4, tenant);
            s.setString(5, product);
            s.setTimestamp(6, Timestamp.from(activeSince));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp last = rs.getTimestamp(2);
                    if (last != null && !last.toInstant().isBefore(activeSince)) {
                        continue; // active time reported by a session whose events are older than the store keeps
                    }
                    result.add(new ReharvestCandidate(product, entitlementIds, kind, rs.getString(1),
                            last == null ? null : last.toInstant()));
                }
            }
        }
        return result;
    }
}
