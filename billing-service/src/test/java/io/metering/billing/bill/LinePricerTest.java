package io.metering.billing.bill;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.metering.billing.consumption.Metric;

/** Worked examples of docs/bills.md, amounts exact to the cent. */
class LinePricerTest {

    static LineTerms terms(Metric metric, String pricing, String period, String quantity, String unit, String overage,
                           String currency, String from, String to) {
        return new LineTerms("e-1", "cad", metric, pricing, period, new BigDecimal(quantity), new BigDecimal(unit),
                new BigDecimal(overage), currency, null, LocalDate.parse(from), LocalDate.parse(to));
    }

    static Usage used(String consumed) {
        return new Usage(new BigDecimal(consumed), new TreeMap<>(Map.of("cc-eng", new BigDecimal(consumed))));
    }

    @Test
    void aMonthlyCommitmentWithOverageIsQuantityTimesPricePlusTheExcessTimesTheOveragePrice() {
        BillLine line = LinePricer.price(terms(Metric.CONCURRENT_USERS, "committed", "month", "10", "12.50", "15.00", "EUR",
                "2026-11-01", "2026-11-30"), List.of(used("13")));

        assertThat(line.committed()).isEqualTo("125.00");   // 10 x 12.50
        assertThat(line.overage()).isEqualTo("45.00");      // (13 - 10) x 15.00
        assertThat(line.amount()).isEqualTo("170.00");
        assertThat(line.overageQuantity()).isEqualTo("3");
    }

    @Test
    void aPartialMonthIsProratedByDaysForCommitmentAndLicenceOverage() {
        BillLine line = LinePricer.price(terms(Metric.CONCURRENT_USERS, "committed", "month", "10", "12.50", "15.00", "EUR",
                "2026-11-15", "2026-11-30"), List.of(used("13")));

        assertThat(line.committed()).isEqualTo("66.67");    // 125.00 x 16/30 = 66.666...
        assertThat(line.overage()).isEqualTo("24.00");      // 3 x 15.00 x 16/30
        assertThat(line.amount()).isEqualTo("90.67");
    }

    @Test
    void anAdditiveAllowanceIsProratedInsteadOfItsOveragePrice() {
        BillLine line = LinePricer.price(terms(Metric.USAGE_HOURS, "committed", "month", "100", "1.00", "2.00", "EUR",
                "2026-11-16", "2026-11-30"), List.of(used("60.5")));

        assertThat(line.committed()).isEqualTo("50.00");    // 100 x 1.00 x 15/30
        assertThat(line.overageQuantity()).isEqualTo("10.5"); // 60.5 - 100 x 15/30
        assertThat(line.overage()).isEqualTo("21.00");
    }

    @Test
    void aYearlyEntitlementBillsATwelfthPerMonth() {
        BillLine line = LinePricer.price(terms(Metric.DEVICES, "committed", "year", "12", "1200.00", "600.00", "EUR",
                "2026-11-01", "2026-11-30"), List.of(used("15")));

        assertThat(line.committed()).isEqualTo("1200.00");  // 12 x 1200.00 / 12
        assertThat(line.overage()).isEqualTo("150.00");     // 3 x 600.00 / 12
    }

    @Test
    void aDailyEntitlementIsPricedDayByDay() {
        BillLine line = LinePricer.price(terms(Metric.DEVICES, "committed", "day", "2", "1.00", "3.00", "EUR",
                "2026-11-01", "2026-11-03"), List.of(used("1"), used("4"), used("2")));

        assertThat(line.committed()).isEqualTo("6.00");     // 3 days x 2 x 1.00
        assertThat(line.overageQuantity()).isEqualTo("2");  // only day 2 is over, by 2
        assertThat(line.overage()).isEqualTo("6.00");
        assertThat(line.consumed()).isEqualTo("4");         // the highest day
        assertThat(line.allocations()).containsExactly(new Allocation("cc-eng", new BigDecimal("12.00")));
    }

    @Test
    void aUsagePricedProductCostsWhatWasConsumed() {
        BillLine hours = LinePricer.price(terms(Metric.USAGE_HOURS, "usage", "month", "0", "2.00", "0", "USD",
                "2026-11-01", "2026-11-30"), List.of(used("1.75")));
        BillLine devices = LinePricer.price(terms(Metric.DEVICES, "usage", "month", "0", "10.00", "0", "EUR",
                "2026-10-22", "2026-10-31"), List.of(used("7")));

        assertThat(hours.amount()).isEqualTo("3.50");
        assertThat(hours.overage()).isEqualTo("0.00");
        assertThat(devices.amount()).isEqualTo("22.58");    // 7 x 10.00 x 10/31 = 22.5806...
    }

    @Test
    void moneyIsRoundedHalfEvenToTheCurrencysMinorUnits() {
        BillLine yen = LinePricer.price(terms(Metric.DEVICES, "committed", "month", "3", "1000", "0", "JPY",
                "2026-10-22", "2026-10-31"), List.of(used("0")));
        BillLine tie = LinePricer.price(terms(Metric.DEVICES, "committed", "month", "1", "0.25", "0", "EUR",
                "2026-11-16", "2026-11-30"), List.of(used("0")));
        BillLine dinar = LinePricer.price(terms(Metric.DEVICES, "committed", "month", "1", "1", "0", "BHD",
                "2026-11-01", "2026-11-01"), List.of(used("0")));

        assertThat(yen.amount()).isEqualTo("968");          // 3000 x 10/31 = 967.74
        assertThat(tie.amount()).isEqualTo("0.12");         // 0.125: half to even
        assertThat(dinar.amount()).isEqualTo("0.033");      // 1/30 = 0.0333
        // nothing consumed: no share, so the commitment is unallocated
        assertThat(tie.allocations()).containsExactly(new Allocation("unallocated", new BigDecimal("0.12")));
    }

    @Test
    void anAdjustmentIsTheDifferenceAndItsAllocationsAddUpToIt() {
        LineTerms t = terms(Metric.CONCURRENT_USERS, "committed", "month", "2", "12.50", "15.00", "EUR",
                "2026-10-01", "2026-10-31");
        BillLine finalized = LinePricer.price(t, List.of(new Usage(new BigDecimal("5"), new TreeMap<>(Map.of(
                "cc-eng", new BigDecimal(2), "cc-ops", BigDecimal.ONE, "cc-sales", BigDecimal.ONE, "unallocated", BigDecimal.ONE)))));
        BillLine now = LinePricer.price(t, List.of(new Usage(new BigDecimal("6"), new TreeMap<>(Map.of(
                "cc-eng", new BigDecimal(2), "cc-ops", BigDecimal.ONE, "cc-sales", BigDecimal.ONE, "unallocated", new BigDecimal(2))))));

        BillLine adjustment = LinePricer.adjustment("2026-10", finalized, now);

        assertThat(finalized.amount()).isEqualTo("70.00");
        assertThat(adjustment.amount()).isEqualTo("15.00");
        assertThat(adjustment.consumed()).isEqualTo("1");
        assertThat(adjustment.allocations()).containsExactly(new Allocation("cc-eng", new BigDecimal("0.33")),
                new Allocation("cc-ops", new BigDecimal("0.17")), new Allocation("cc-sales", new BigDecimal("0.17")),
                new Allocation("unallocated", new BigDecimal("14.33")));
        assertThat(LinePricer.adjustment("2026-10", finalized, finalized)).isNull();
    }
}
