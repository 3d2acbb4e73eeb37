package io.metering.billing.bill;

import java.util.List;

/**
 * A bill as CSV (RFC 4180: CRLF line ends, a header row, fields quoted when they hold a comma, quote,
 * CR or LF, quotes doubled): one row per allocation, so a spreadsheet can sum by cost center. Stateless.
 */
public final class BillCsv {

    static final List<String> HEADER = List.of("period", "status", "kind", "adjusts", "entitlement", "product", "metric",
            "currency", "line_amount", "cost_center", "amount");

    private BillCsv() {
    }

    public static String render(Bill bill) {
        StringBuilder csv = new StringBuilder();
        row(csv, HEADER);
        for (BillLine line : bill.lines()) {
            for (Allocation a : line.allocations()) {
                row(csv, List.of(bill.period(), bill.status(), line.kind(), line.adjusts() == null ? "" : line.adjusts(),
                        line.entitlement(), line.product(), line.metric(), line.currency(),
                        line.amount().toPlainString(), a.costCenter(), a.amount().toPlainString()));
            }
        }
        return csv.toString();
    }

    private static void row(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(field(fields.get(i)));
        }
        csv.append("\r\n");
    }

    static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
