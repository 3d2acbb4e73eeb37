package io.metering.billing.entitlement;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The {@code entitlement} table; every statement is scoped to one tenant and runs on the caller's connection. */
@ApplicationScoped
public class EntitlementRepository {

    private static final TypeReference<List<Double>> THRESHOLDS = new TypeReference<>() {
    };
    private static final String COLUMNS = """
            id, product_id, metric, quantity, period, cost_center_id, unit_price, overage_price, currency,
            thresholds::text, enforcement, valid_from, valid_to, pricing""";

    private final ObjectMapper json;

    @Inject
    public EntitlementRepository(ObjectMapper json) {
        this.json = json;
    }

    /** All of a tenant's entitlements, optionally of one product. */
    public List<Entitlement> list(Connection c, String tenant, Optional<String> product) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM entitlement WHERE tenant_id = ? "
                + "AND (?::text IS NULL OR product_id = ?::text) ORDER BY product_id, id")) {
            s.setString(1, tenant);
            s.setString(2, product.orElse(null));
            s.setString(3, product.orElse(null));
            return read(s);
        }
    }

    /** Entitlements of a product valid on at least one day of [from, to]. */
    public List<Entitlement> validBetween(Connection c, String tenant, String product, LocalDate from, LocalDate to)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM entitlement WHERE tenant_id = ? "
                + "AND product_id = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?) ORDER BY id")) {
            s.setString(1, tenant);
            s.setString(2, product);
            s.setDate(3, Date.valueOf(to));
            s.setDate(4, Date.valueOf(from));
            return read(s);
        }
    }

    /** Locks the row until the transaction ends. */
    public Optional<Entitlement> find(Connection c, String tenant, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                + " FROM entitlement WHERE tenant_id = ? AND id = ? FOR UPDATE")) {
            s.setString(1, tenant);
            s.setString(2, id);
            return read(s).stream().findFirst();
        }
    }

    /** Inserts; false when the id exists. */
    public boolean insert(Connection c, String tenant, Entitlement e) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO entitlement (product_id, metric, quantity, period, cost_center_id, unit_price, overage_price,
                    currency, thresholds, enforcement, valid_from, valid_to, pricing, tenant_id, id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            bind(s, tenant, e);
            return s.executeUpdate() == 1;
        }
    }

    public boolean update(Connection c, String tenant, Entitlement e) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE entitlement SET product_id = ?, metric = ?, quantity = ?, period = ?, cost_center_id = ?,
                    unit_price = ?, overage_price = ?, currency = ?, thresholds = ?::jsonb, enforcement = ?,
                    valid_from = ?, valid_to = ?, pricing = ?, version = version + 1, updated_at = now()
                WHERE tenant_id = ? AND id = ?""")) {
            bind(s, tenant, e);
            return s.executeUpdate() == 1;
        }
    }

    public boolean delete(Connection c, String tenant, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM entitlement WHERE tenant_id = ? AND id = ?")) {
            s.setString(1, tenant);
            s.setString(2, id);
            return s.executeUpdate() == 1;
        }
    }

    private void bind(PreparedStatement s, String tenant, Entitlement e) throws SQLException {
        s.setString(1, e.product());
        s.setString(2, e.metric());
        s.setBigDecimal(3, e.quantity());
        s.setString(4, e.period());
        s.setString(5, e.costCenter());
        s.setBigDecimal(6, new BigDecimal(e.unitPrice()));
        s.setBigDecimal(7, new BigDecimal(e.overagePrice()));
        s.setString(8, e.currency());
        s.setString(9, write(e.thresholds()));
        s.setString(10, e.enforcement());
        s.setDate(11, Date.valueOf(e.validFrom()));
        s.setDate(12, e.validTo() == null ? null : Date.valueOf(e.validTo()));
        s.setString(13, e.pricing());
        s.setString(14, tenant);
        s.setString(15, e.id());
    }

    private List<Entitlement> read(PreparedStatement s) throws SQLException {
        List<Entitlement> result = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                result.add(new Entitlement(rs.getString(1), rs.getString(2), rs.getString(3),
                        EntitlementRules.normalised(rs.getBigDecimal(4)), rs.getString(5),
                        new Entitlement.Scope(rs.getString(6)), EntitlementRules.format(rs.getBigDecimal(7)),
                        EntitlementRules.format(rs.getBigDecimal(8)), rs.getString(9).trim(), parse(rs.getString(10)),
                        rs.getString(11), rs.getDate(12).toLocalDate(),
                        rs.getDate(13) == null ? null : rs.getDate(13).toLocalDate(), rs.getString(14)));
            }
        }
        return result;
    }

    private String write(List<Double> thresholds) {
        try {
            return json.writeValueAsString(thresholds);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Double> parse(String thresholds) {
        try {
            return json.readValue(thresholds, THRESHOLDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored thresholds are not valid JSON", e);
        }
    }
}
