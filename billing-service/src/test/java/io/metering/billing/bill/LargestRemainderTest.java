package io.metering.billing.bill;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class LargestRemainderTest {

    @Test
    void aCentLeftOverGoesToTheLargestRemainderAndTiesToTheSmallerCostCenterId() {
        assertThat(LargestRemainder.allocate(new BigDecimal("100.00"),
                Map.of("cc-ops", BigDecimal.ONE, "cc-eng", BigDecimal.ONE, "cc-sales", BigDecimal.ONE)))
                .containsExactly(new Allocation("cc-eng", new BigDecimal("33.34")),
                        new Allocation("cc-ops", new BigDecimal("33.33")),
                        new Allocation("cc-sales", new BigDecimal("33.33")));
        // 85.00 over 2:1:1:2 = 28.333, 14.166, 14.166, 28.333: the two .666 remainders win the two cents
        assertThat(LargestRemainder.allocate(new BigDecimal("85.00"), Map.of("a", BigDecimal.valueOf(2),
                "b", BigDecimal.ONE, "c", BigDecimal.ONE, "unallocated", BigDecimal.valueOf(2))))
                .extracting(Allocation::amount)
                .containsExactly(new BigDecimal("28.33"), new BigDecimal("14.17"), new BigDecimal("14.17"),
                        new BigDecimal("28.33"));
    }

    @Test
    void withoutAnyShareEverythingIsUnallocated() {
        assertThat(LargestRemainder.allocate(new BigDecimal("12.50"), Map.of("cc-eng", BigDecimal.ZERO)))
                .containsExactly(new Allocation("unallocated", new BigDecimal("12.50")));
        assertThat(LargestRemainder.allocate(new BigDecimal("12.50"), Map.of()))
                .containsExactly(new Allocation("unallocated", new BigDecimal("12.50")));
    }

    @Test
    void negativeAmountsAreSplitLikeTheirOpposite() {
        assertThat(LargestRemainder.allocate(new BigDecimal("-1.00"), Map.of("x", BigDecimal.ONE, "y", BigDecimal.valueOf(2))))
                .containsExactly(new Allocation("x", new BigDecimal("-0.33")), new Allocation("y", new BigDecimal("-0.67")));
    }

    @Test
    void allocationsAlwaysAddUpToTheLineAndStayWithinOneUnitOfTheExactShare() {
        Random random = new Random(20261125L);
        for (int n = 0; n < 20_000; n++) {
            int scale = random.nextInt(4);
            BigDecimal amount = BigDecimal.valueOf(random.nextLong() % 100_000_000L, scale);
            Map<String, BigDecimal> shares = new TreeMap<>();
            int costCenters = 1 + random.nextInt(12);
            for (int i = 0; i < costCenters; i++) {
                BigDecimal share = random.nextInt(5) == 0 ? BigDecimal.ZERO
                        : BigDecimal.valueOf(random.nextInt(1_000_000), random.nextInt(7));
                shares.put("cc-" + random.nextInt(30), share);
            }
            List<Allocation> allocations = LargestRemainder.allocate(amount, shares);

            assertThat(allocations.stream().map(Allocation::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
                    .as("case %d: %s over %s", n, amount, shares).isEqualByComparingTo(amount);
            assertThat(allocations).allSatisfy(a -> assertThat(a.amount().scale()).isEqualTo(scale));
            BigDecimal total = shares.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal unit = BigDecimal.ONE.movePointLeft(scale);
            for (Allocation a : allocations) {
                BigDecimal exact = total.signum() == 0 ? amount
                        : amount.multiply(shares.get(a.costCenter())).divide(total, 30, java.math.RoundingMode.HALF_EVEN);
                assertThat(a.amount().subtract(exact).abs()).as("case %d", n).isLessThan(unit);
            }
        }
    }
}
