package io.metering.billing.bill;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.metering.billing.consumption.Metric;

/**
 * Reads the entitlements valid on at least one day of a period, straight from the {@code entitlement}
 * table (validTo inclusive), as the terms of one line each, clipped to the period. Thread-safe.
 */
@ApplicationScoped
public class BilledEntitlements {

    private static final String VALID_IN_PERIOD = """
            SELECT id, product_id, metric, pricing, period, quantity, unit_price, overage_price, currency,
                   cost_center_id, valid_from, valid_to
            FROM entitlement
            WHERE tenant_id = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)
            ORDER BY product_id, id""";

    private final DataSource dataSource;

    @Inject
    public BilledEntitlements(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<LineTerms> validIn(String tenant, BillPeriod period) throws SQLException {
        List<LineTerms> terms = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(VALID_IN_PERIOD)) {
            s.setString(1, tenant);
            s.setDate(2, Date.valueOf(period.lastDay()));
            s.setDate(3, Date.valueOf(period.firstDay()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    LocalDate validFrom = rs.getDate("valid_from").toLocalDate();
                    Date validTo = rs.getDate("valid_to");
                    LocalDate from = validFrom.isAfter(period.firstDay()) ? validFrom : period.firstDay();
                    LocalDate to = validTo == null || validTo.toLocalDate().isAfter(period.lastDay())
                            ? period.lastDay() : validTo.toLocalDate();
                    terms.add(new LineTerms(rs.getString("id"), rs.getString("product_id"),
                            Metric.parse(rs.getString("metric")), rs.getString("pricing"), rs.getString("period"),
                            rs.getBigDecimal("quantity"), Money.plain(rs.getBigDecimal("unit_price")),
                            Money.plain(rs.getBigDecimal("overage_price")), rs.getString("currency").trim(),
                            rs.getString("cost_center_id"), from, to));
                }
            }
        }
        return terms;
    }
}
