package io.metering.ingest.lease;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads billing-service's {@code entitlement} table: the seats of a product are the summed quantity of
 * its tenant-wide entitlements on a concurrent metric with enforcement warn or deny, valid today (UTC),
 * per metric; deny wins over warn. A missing table (billing not migrated yet) means nothing is enforced.
 * Stateless.
 */
public final class EnforcedSeats {

    /** The seats of one concurrent metric of a product. */
    public record Cap(String metric, long seats) {
    }

    /** The enforced caps of a product and the enforcement (warn or deny) when one is exceeded. */
    public record Enforced(String enforcement, Map<String, Cap> caps) {
    }

    static final String UNDEFINED_TABLE = "42P01";

    private static final String ENFORCED = """
            SELECT product_id, metric, sum(quantity), bool_or(enforcement = 'deny') FROM entitlement
            WHERE tenant_id = ? AND (?::text IS NULL OR product_id = ?::text) AND enforcement IN ('warn', 'deny')
              AND metric IN ('concurrent_sessions', 'concurrent_users') AND cost_center_id IS NULL
              AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)
            GROUP BY product_id, metric""";

    private EnforcedSeats() {
    }

    /** The enforced caps of one product; empty when it is not enforced. Runs on the caller's transaction. */
    static Optional<Enforced> of(Connection c, String tenant, String product) throws SQLException {
        return Optional.ofNullable(all(c, tenant, product).get(product));
    }

    /**
     * Enforced caps by product for the tenant ({@code product} null: all). On a missing table, answers
     * empty; the caller's transaction is then aborted, so call this first and only in its own statement
     * scope (a savepoint keeps the transaction usable).
     */
    public static Map<String, Enforced> all(Connection c, String tenant, String product) throws SQLException {
        Map<String, Enforced> result = new LinkedHashMap<>();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        boolean inTransaction = !c.getAutoCommit();
        java.sql.Savepoint savepoint = inTransaction ? c.setSavepoint() : null;
        try (PreparedStatement s = c.prepareStatement(ENFORCED)) {
            s.setString(1, tenant);
            s.setString(2, product);
            s.setString(3, product);
            s.setObject(4, today);
            s.setObject(5, today);
            Map<String, Boolean> deny = new HashMap<>();
            Map<String, Map<String, Cap>> caps = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String p = rs.getString(1);
                    BigDecimal quantity = rs.getBigDecimal(3);
                    caps.computeIfAbsent(p, k -> new LinkedHashMap<>())
                            .put(rs.getString(2), new Cap(rs.getString(2), quantity.longValue()));
                    deny.merge(p, rs.getBoolean(4), Boolean::logicalOr);
                }
            }
            caps.forEach((p, c2) -> result.put(p, new Enforced(deny.get(p) ? "deny" : "warn", c2)));
        } catch (SQLException e) {
            if (!UNDEFINED_TABLE.equals(e.getSQLState())) {
                throw e;
            }
            if (savepoint != null) {
                c.rollback(savepoint);
            }
        }
        return result;
    }
}
