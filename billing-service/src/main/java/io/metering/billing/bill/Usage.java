package io.metering.billing.bill;

import java.math.BigDecimal;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A metric over a window: its value, and each cost center's share of it in the metric's own units
 * (shares are only ever used as proportions). Immutable.
 */
public record Usage(BigDecimal consumed, SortedMap<String, BigDecimal> shares) {

    public Usage {
        shares = new TreeMap<>(shares);
    }

    public static Usage none() {
        return new Usage(BigDecimal.ZERO, new TreeMap<>());
    }

    /** Adds the shares of another window (daily entitlements sum their days). */
    public static SortedMap<String, BigDecimal> sum(Iterable<Usage> usages) {
        SortedMap<String, BigDecimal> total = new TreeMap<>();
        for (Usage u : usages) {
            for (Map.Entry<String, BigDecimal> e : u.shares.entrySet()) {
                total.merge(e.getKey(), e.getValue(), BigDecimal::add);
            }
        }
        return total;
    }
}
