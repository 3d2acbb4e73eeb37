package io.metering.billing.bill;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Prices one entitlement over its days in a monthly bill (the rules of docs/bills.md):
 * <ul>
 * <li>a monthly or yearly entitlement is one segment covering f = days / (month days) of a month, or
 *     f = days / (12 x month days) of a year; a daily one is one segment per valid day with f = 1;</li>
 * <li>committed = quantity x unit price x f per segment;</li>
 * <li>level metrics (devices, users, peaks): overage = max(0, consumed - quantity) x overage price x f
 *     and usage pricing = consumed x unit price x f;</li>
 * <li>additive metrics (launches, hours): the allowance is prorated instead, overage =
 *     max(0, consumed - quantity x f) x overage price, and usage pricing = consumed x unit price.</li>
 * </ul>
 * Committed and overage are each rounded once (HALF_EVEN, currency minor units); amount is their sum.
 * Stateless.
 */
public final class LinePricer {

    private LinePricer() {
    }

    /**
     * @param segments one usage for a monthly or yearly entitlement, one per valid day (in order) for a
     *                 daily one
     */
    public static BillLine price(LineTerms t, List<Usage> segments) {
        boolean additive = LineTerms.additive(t.metric());
        BigDecimal f = t.daily() ? BigDecimal.ONE : BigDecimal.valueOf(t.days());
        BigDecimal d = t.periodDays();
        BigDecimal committedExact = BigDecimal.ZERO; // x d
        BigDecimal overageExact = BigDecimal.ZERO;   // x d
        BigDecimal overageQuantity = BigDecimal.ZERO; // x d
        BigDecimal consumed = BigDecimal.ZERO;
        for (Usage u : segments) {
            BigDecimal c = u.consumed();
            consumed = additive || !t.daily() ? consumed.add(c) : consumed.max(c);
            if (t.usagePriced()) {
                committedExact = committedExact.add(additive ? c.multiply(t.unitPrice()).multiply(d)
                        : c.multiply(t.unitPrice()).multiply(f));
                continue;
            }
            committedExact = committedExact.add(t.quantity().multiply(t.unitPrice()).multiply(f));
            if (additive) {
                BigDecimal over = c.multiply(d).subtract(t.quantity().multiply(f)).max(BigDecimal.ZERO);
                overageQuantity = overageQuantity.add(over);
                overageExact = overageExact.add(over.multiply(t.overagePrice()));
            } else {
                BigDecimal over = c.subtract(t.quantity()).max(BigDecimal.ZERO);
                overageQuantity = overageQuantity.add(over.multiply(d));
                overageExact = overageExact.add(over.multiply(t.overagePrice()).multiply(f));
            }
        }
        BigDecimal committed = Money.divide(committedExact, d, t.currency());
        BigDecimal overage = Money.divide(overageExact, d, t.currency());
        BigDecimal amount = committed.add(overage);
        SortedMap<String, BigDecimal> shares = Usage.sum(segments);
        return new BillLine(BillLine.ENTITLEMENT, null, t.entitlement(), t.product(), t.metric().apiName(), t.pricing(),
                t.period(), t.costCenter(), t.from(), t.to(), Money.plain(t.quantity()), Money.plain(consumed),
                Money.plain(overageQuantity.divide(d, 6, RoundingMode.HALF_EVEN)), t.unitPrice(), t.overagePrice(),
                t.currency(), committed, overage, amount, LargestRemainder.allocate(amount, shares));
    }

    /**
     * The adjustment of a finalized line by its price now: the differences of consumption and money,
     * and per cost center the difference of its allocations, so they add up to the difference of the
     * amounts. Null when nothing changed.
     */
    public static BillLine adjustment(String adjustedPeriod, BillLine finalized, BillLine now) {
        Map<String, BigDecimal> delta = new HashMap<>();
        finalized.allocations().forEach(a -> delta.merge(a.costCenter(), a.amount().negate(), BigDecimal::add));
        now.allocations().forEach(a -> delta.merge(a.costCenter(), a.amount(), BigDecimal::add));
        List<Allocation> allocations = new ArrayList<>();
        new TreeMap<>(delta).forEach((cc, amount) -> {
            if (amount.signum() != 0) {
                allocations.add(new Allocation(cc, amount));
            }
        });
        BigDecimal consumed = now.consumed().subtract(finalized.consumed());
        BigDecimal amount = now.amount().subtract(finalized.amount());
        if (allocations.isEmpty() && consumed.signum() == 0 && amount.signum() == 0) {
            return null;
        }
        if (allocations.isEmpty()) {
            allocations.add(new Allocation(io.metering.billing.consumption.ConsumptionQuery.UNALLOCATED, amount));
        }
        return new BillLine(BillLine.ADJUSTMENT, adjustedPeriod, now.entitlement(), now.product(), now.metric(),
                now.pricing(), now.period(), now.costCenter(), now.from(), now.to(), now.quantity(), Money.plain(consumed),
                Money.plain(now.overageQuantity().subtract(finalized.overageQuantity())), now.unitPrice(),
                now.overagePrice(), now.currency(), now.committed().subtract(finalized.committed()),
                now.overage().subtract(finalized.overage()), amount, allocations);
    }
}
