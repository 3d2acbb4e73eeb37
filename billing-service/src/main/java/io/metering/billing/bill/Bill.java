package io.metering.billing.bill;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A tenant's bill for one period (DESIGN.md sections 7 and 9). {@code currency} and {@code total} are
 * set when all lines share one currency; {@code totals} always has one entry per currency. A FINALIZED
 * bill carries the SHA-256 {@code contentHash} of its canonical form (see {@link BillJson}). Immutable.
 */
public record Bill(String tenant, String period, String status, String currency,
                   @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal total, List<CurrencyTotal> totals,
                   String contentHash, Instant finalizedAt, String finalizedBy, List<BillLine> lines) {

    public static final String DRAFT = "DRAFT";
    public static final String FINALIZED = "FINALIZED";

    /** The sum of a bill's lines in one currency. */
    public record CurrencyTotal(String currency, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal total) {
    }

    public Bill {
        totals = List.copyOf(totals);
        lines = List.copyOf(lines);
    }

    /** A draft over these lines, with the totals per currency. */
    public static Bill draft(String tenant, BillPeriod period, List<BillLine> lines) {
        Map<String, BigDecimal> sums = new TreeMap<>();
        for (BillLine line : lines) {
            sums.merge(line.currency(), line.amount(), BigDecimal::add);
        }
        List<CurrencyTotal> totals = new ArrayList<>();
        sums.forEach((currency, total) -> totals.add(new CurrencyTotal(currency, total)));
        CurrencyTotal single = totals.size() == 1 ? totals.get(0) : null;
        return new Bill(tenant, period.toString(), DRAFT, single == null ? null : single.currency(),
                single == null ? null : single.total(), totals, null, null, null, lines);
    }

    /** This bill frozen: status FINALIZED, who and when, and the hash over all of that. */
    public Bill finalized(Instant at, String by) {
        Bill content = new Bill(tenant, period, FINALIZED, currency, total, totals, null, at, by, lines);
        return content.withContentHash(BillJson.sha256(content));
    }

    public Bill withContentHash(String hash) {
        return new Bill(tenant, period, status, currency, total, totals, hash, finalizedAt, finalizedBy, lines);
    }

    @JsonIgnore
    public boolean isFinalized() {
        return FINALIZED.equals(status);
    }
}
