package io.metering.billing.bill;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.metering.billing.consumption.ConsumptionQuery;

/**
 * Splits an amount in proportion to shares with the largest-remainder method: every part is first
 * rounded down to the minor unit, then the units left over go one each to the parts with the largest
 * remainders, ties to the smaller cost center id. The parts add up exactly to the amount. Stateless.
 */
public final class LargestRemainder {

    private LargestRemainder() {
    }

    /**
     * @param amount the line amount, already at its currency's scale (may be negative: adjustments)
     * @param shares non-negative shares per cost center; all zero or empty allocates everything to
     *               {@code unallocated}
     * @return one allocation per cost center with a positive share, by cost center id
     */
    public static List<Allocation> allocate(BigDecimal amount, Map<String, BigDecimal> shares) {
        SortedMap<String, BigDecimal> positive = new TreeMap<>();
        shares.forEach((costCenter, share) -> {
            if (share.signum() < 0) {
                throw new IllegalArgumentException("negative share for " + costCenter + ": " + share);
            }
            if (share.signum() > 0) {
                positive.put(costCenter, share);
            }
        });
        if (positive.isEmpty()) {
            return List.of(new Allocation(ConsumptionQuery.UNALLOCATED, amount));
        }
        int shareScale = positive.values().stream().mapToInt(BigDecimal::scale).max().orElse(0);
        BigInteger units = amount.unscaledValue().abs();
        BigInteger total = BigInteger.ZERO;
        for (BigDecimal share : positive.values()) {
            total = total.add(share.setScale(shareScale).unscaledValue());
        }
        List<Part> parts = new ArrayList<>();
        BigInteger given = BigInteger.ZERO;
        for (Map.Entry<String, BigDecimal> e : positive.entrySet()) {
            BigInteger[] qr = units.multiply(e.getValue().setScale(shareScale).unscaledValue()).divideAndRemainder(total);
            parts.add(new Part(e.getKey(), qr[0], qr[1]));
            given = given.add(qr[0]);
        }
        List<Part> byRemainder = new ArrayList<>(parts);
        byRemainder.sort(Comparator.comparing(Part::remainder).reversed().thenComparing(Part::costCenter));
        int leftOver = units.subtract(given).intValueExact(); // < number of parts
        for (int i = 0; i < leftOver; i++) {
            byRemainder.get(i).add();
        }
        List<Allocation> allocations = new ArrayList<>();
        for (Part p : parts) {
            BigInteger signed = amount.signum() < 0 ? p.units.negate() : p.units;
            allocations.add(new Allocation(p.costCenter, new BigDecimal(signed, amount.scale())));
        }
        return allocations;
    }

    private static final class Part {
        final String costCenter;
        BigInteger units;
        final BigInteger remainder;

        Part(String costCenter, BigInteger units, BigInteger remainder) {
            this.costCenter = costCenter;
            this.units = units;
            this.remainder = remainder;
        }

        String costCenter() {
            return costCenter;
        }

        BigInteger remainder() {
            return remainder;
        }

        void add() {
            units = units.add(BigInteger.ONE);
        }
    }
}
