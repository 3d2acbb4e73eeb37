package io.metering.billing.bill;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Computes a period's bill: one line per entitlement valid in it, then the adjustments of the previous
 * period's finalized bill (each finalized line priced again, with its own frozen terms, over usage as it
 * is now). Plain constructor so that the benchmark can run it on any {@link UsageMeter}. Thread-safe.
 */
public class BillCalculator {

    private static final Comparator<BillLine> ORDER = Comparator.comparing(BillLine::product)
            .thenComparing(BillLine::entitlement);

    private final UsageMeter meter;

    public BillCalculator(UsageMeter meter) {
        this.meter = meter;
    }

    public Bill draft(String tenant, BillPeriod period, List<LineTerms> entitlements, Optional<Bill> previousFinalized)
            throws SQLException {
        List<BillLine> lines = new ArrayList<>();
        for (LineTerms terms : entitlements) {
            lines.add(line(tenant, terms));
        }
        lines.sort(ORDER);
        List<BillLine> adjustments = new ArrayList<>();
        if (previousFinalized.isPresent()) {
            Bill previous = previousFinalized.get();
            for (BillLine finalized : previous.lines()) {
                if (!finalized.isAdjustment()) {
                    BillLine adjustment = LinePricer.adjustment(previous.period(), finalized, line(tenant, finalized.terms()));
                    if (adjustment != null) {
                        adjustments.add(adjustment);
                    }
                }
            }
        }
        adjustments.sort(ORDER);
        lines.addAll(adjustments);
        return Bill.draft(tenant, period, lines);
    }

    /** Measures and prices one entitlement: one window, or one per day for a daily entitlement. */
    public BillLine line(String tenant, LineTerms t) throws SQLException {
        List<Usage> segments = new ArrayList<>();
        if (t.daily()) {
            for (LocalDate day = t.from(); !day.isAfter(t.to()); day = day.plusDays(1)) {
                segments.add(meter.measure(tenant, t.product(), t.metric(), BillPeriod.startOf(day),
                        BillPeriod.startOf(day.plusDays(1)), t.scope()));
            }
        } else {
            segments.add(meter.measure(tenant, t.product(), t.metric(), BillPeriod.startOf(t.from()),
                    BillPeriod.startOf(t.to().plusDays(1)), t.scope()));
        }
        return LinePricer.price(t, segments);
    }
}
