package io.metering.billing.costcenter;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.metering.billing.audit.AuditLog;
import io.metering.billing.audit.Transactions;
import io.metering.billing.error.ApiException;

/** Changes cost centers and their members; each change and its audit entries commit together. Thread-safe. */
@ApplicationScoped
public class CostCenterService {

    /** A refused line of an import. */
    public record LineError(int line, String reason) {
    }

    /** What an import did. */
    public record ImportResult(int members, int costCenters) {
    }

    /** An import that was refused as a whole, with every bad line. */
    public static final class ImportRefused extends Exception {
        final List<LineError> errors;

        ImportRefused(List<LineError> errors) {
            super("invalid import", null, false, false);
            this.errors = errors;
        }
    }

    private final Transactions transactions;
    private final CostCenterRepository costCenters;
    private final AuditLog audit;

    @Inject
    public CostCenterService(Transactions transactions, CostCenterRepository costCenters, AuditLog audit) {
        this.transactions = transactions;
        this.costCenters = costCenters;
        this.audit = audit;
    }

    public List<CostCenter> list(String tenant) throws SQLException {
        return transactions.inTransaction(c -> costCenters.list(c, tenant));
    }

    public CostCenter get(String tenant, String id) throws SQLException {
        return transactions.inTransaction(c -> existing(c, tenant, id));
    }

    public Members members(String tenant, String id) throws SQLException {
        return transactions.inTransaction(c -> {
            existing(c, tenant, id);
            return costCenters.members(c, tenant, id);
        });
    }

    public CostCenter create(String tenant, String actor, CostCenter cc) throws SQLException {
        return transactions.inTransaction(c -> {
            if (!costCenters.insert(c, tenant, cc)) {
                throw new ApiException.Conflict("Cost center '" + cc.id() + "' exists; use PUT /api/v1/cost-centers/" + cc.id());
            }
            audit.record(c, tenant, actor, AuditLog.COST_CENTER, cc.id(), null, cc);
            return cc;
        });
    }

    public CostCenter rename(String tenant, String actor, CostCenter cc) throws SQLException {
        return transactions.inTransaction(c -> {
            CostCenter before = existing(c, tenant, cc.id());
            costCenters.rename(c, tenant, cc);
            audit.record(c, tenant, actor, AuditLog.COST_CENTER, cc.id(), before, cc);
            return cc;
        });
    }

    public void delete(String tenant, String actor, String id) throws SQLException {
        transactions.inTransaction(c -> {
            CostCenter before = existing(c, tenant, id);
            List<String> scoped = costCenters.entitlementsScopedTo(c, tenant, id);
            if (!scoped.isEmpty()) {
                throw new ApiException.Conflict("Cost center '" + id + "' is the scope of entitlements " + scoped
                        + "; change or delete them first");
            }
            Members members = costCenters.members(c, tenant, id);
            costCenters.delete(c, tenant, id);
            if (!members.users().isEmpty() || !members.devices().isEmpty()) {
                audit.record(c, tenant, actor, AuditLog.COST_CENTER_MEMBERS, id, members, null);
            }
            audit.record(c, tenant, actor, AuditLog.COST_CENTER, id, before, null);
            return before;
        });
    }

    /** Replaces the members; a user or device that belongs to another cost center is a conflict. */
    public Members replaceMembers(String tenant, String actor, String id, Members wanted) throws SQLException {
        return transactions.inTransaction(c -> {
            existing(c, tenant, id);
            Map<String, String> elsewhere = new LinkedHashMap<>();
            elsewhere.putAll(costCenters.currentCostCenters(c, tenant, "user", wanted.users()));
            elsewhere.putAll(costCenters.currentCostCenters(c, tenant, "device", wanted.devices()));
            elsewhere.values().removeIf(id::equals);
            if (!elsewhere.isEmpty()) {
                List<String> described = new ArrayList<>();
                elsewhere.forEach((member, other) -> described.add(member + " (in " + other + ")"));
                throw new ApiException.Conflict("A user or device belongs to at most one cost center; remove these from "
                        + "their cost center first: " + abbreviate(String.join(", ", described)));
            }
            Members before = costCenters.members(c, tenant, id);
            costCenters.clearMembers(c, tenant, id);
            costCenters.assign(c, tenant, id, "user", wanted.users());
            costCenters.assign(c, tenant, id, "device", wanted.devices());
            audit.record(c, tenant, actor, AuditLog.COST_CENTER_MEMBERS, id, before, wanted);
            return wanted;
        });
    }

    /**
     * Imports {@code costCenter,kind,member} lines (header first): each member is put into the named cost
     * center, moved from any other. Every bad line is reported and then nothing is applied.
     */
    public ImportResult importCsv(String tenant, String actor, String csv) throws SQLException, ImportRefused {
        List<CsvReader.Row> rows;
        try {
            rows = CsvReader.read(csv == null ? "" : csv);
        } catch (CsvReader.CsvException e) {
            throw new ImportRefused(List.of(new LineError(e.line, e.getMessage())));
        }
        if (rows.isEmpty() || !header(rows.get(0).fields())) {
            throw new ImportRefused(List.of(new LineError(1, "the first line must be the header costCenter,kind,member")));
        }
        List<LineError> errors = new ArrayList<>();
        Map<String, Map<String, List<String>>> byCostCenter = new LinkedHashMap<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (CsvReader.Row row : rows.subList(1, rows.size())) {
            String problem = problem(row.fields());
            if (problem == null) {
                String key = row.fields().get(1).trim() + ":" + row.fields().get(2).trim();
                Integer first = seen.putIfAbsent(key, row.line());
                if (first != null) {
                    problem = "member " + key + " is listed already on line " + first;
                }
            }
            if (problem != null) {
                errors.add(new LineError(row.line(), problem));
                continue;
            }
            byCostCenter.computeIfAbsent(row.fields().get(0).trim(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(row.fields().get(1).trim(), k -> new ArrayList<>()).add(row.fields().get(2).trim());
        }
        if (!errors.isEmpty()) {
            throw new ImportRefused(errors);
        }
        return transactions.inTransaction(c -> {
            List<LineError> unknown = new ArrayList<>();
            for (String cc : byCostCenter.keySet()) {
                if (costCenters.find(c, tenant, cc).isEmpty()) {
                    unknown.add(new LineError(lineOf(rows, cc), "cost center '" + cc + "' does not exist"));
                }
            }
            if (!unknown.isEmpty()) {
                throw new ImportFailure(new ImportRefused(unknown));
            }
            TreeSet<String> touched = new TreeSet<>(byCostCenter.keySet());
            for (Map<String, List<String>> kinds : byCostCenter.values()) {
                for (Map.Entry<String, List<String>> k : kinds.entrySet()) {
                    touched.addAll(costCenters.currentCostCenters(c, tenant, k.getKey(), k.getValue()).values());
                }
            }
            Map<String, Members> before = new LinkedHashMap<>();
            for (String cc : touched) {
                before.put(cc, costCenters.members(c, tenant, cc));
            }
            int count = 0;
            for (Map.Entry<String, Map<String, List<String>>> e : byCostCenter.entrySet()) {
                for (Map.Entry<String, List<String>> k : e.getValue().entrySet()) {
                    costCenters.assign(c, tenant, e.getKey(), k.getKey(), k.getValue());
                    count += k.getValue().size();
                }
            }
            for (String cc : touched) {
                Members after = costCenters.members(c, tenant, cc);
                if (!after.equals(before.get(cc))) {
                    audit.record(c, tenant, actor, AuditLog.COST_CENTER_MEMBERS, cc, before.get(cc), after);
                }
            }
            return new ImportResult(count, byCostCenter.size());
        });
    }

    /** Carries a refusal out of a transaction (which then rolls back). */
    static final class ImportFailure extends RuntimeException {
        final ImportRefused refused;

        ImportFailure(ImportRefused refused) {
            super(null, null, false, false);
            this.refused = refused;
        }
    }

    private static boolean header(List<String> fields) {
        return fields.size() == 3 && "costCenter".equalsIgnoreCase(fields.get(0).trim())
                && "kind".equalsIgnoreCase(fields.get(1).trim()) && "member".equalsIgnoreCase(fields.get(2).trim());
    }

    private static String problem(List<String> f) {
        if (f.size() != 3) {
            return "expected 3 fields (costCenter,kind,member), found " + f.size();
        }
        if (f.get(0).isBlank()) {
            return "costCenter is empty";
        }
        String kind = f.get(1).trim();
        if (!"user".equals(kind) && !"device".equals(kind)) {
            return "kind must be user or device, not '" + abbreviate(kind) + "'";
        }
        String member = f.get(2).trim();
        if (member.isEmpty() || member.length() > 256) {
            return "member must be a non-blank name of at most 256 characters";
        }
        return null;
    }

    private static int lineOf(List<CsvReader.Row> rows, String costCenter) {
        return rows.stream().skip(1).filter(r -> r.fields().get(0).trim().equals(costCenter))
                .mapToInt(CsvReader.Row::line).findFirst().orElse(0);
    }

    private CostCenter existing(Connection c, String tenant, String id) throws SQLException {
        return costCenters.find(c, tenant, id).orElseThrow(() -> new ApiException.NotFound("Cost center", id));
    }

    private static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }
}
