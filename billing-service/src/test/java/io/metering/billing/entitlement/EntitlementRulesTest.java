package io.metering.billing.entitlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.metering.billing.error.ApiException;

class EntitlementRulesTest {

    static Entitlement of(String metric, String enforcement, List<Double> thresholds, String currency) {
        return new Entitlement("e1", "cad", metric, new BigDecimal("10"), "month", null, "12.5", null, currency,
                thresholds, enforcement, LocalDate.of(2026, 1, 1), null, null);
    }

    @Test
    void defaultsAreFilledAndPricesBecomeDecimalStrings() {
        Entitlement e = EntitlementRules.validated(of("concurrent_users", null, null, "EUR"));
        assertThat(e.thresholds()).containsExactly(0.8, 1.0);
        assertThat(e.enforcement()).isEqualTo("none");
        assertThat(e.pricing()).isEqualTo("committed");
        assertThat(e.unitPrice()).isEqualTo("12.50");
        assertThat(e.overagePrice()).isEqualTo("0.00");
        assertThat(e.scope().costCenter()).isNull();
    }

    @Test
    void enforcementIsOnlyForConcurrentMetrics() {
        assertThat(EntitlementRules.validated(of("concurrent_sessions", "deny", null, "EUR")).enforcement()).isEqualTo("deny");
        assertThatThrownBy(() -> EntitlementRules.validated(of("users", "warn", null, "EUR")))
                .isInstanceOf(ApiException.Invalid.class).hasMessageContaining("concurrent metric");
    }

    @Test
    void thresholdsMustLieInZeroToTen() {
        assertThatThrownBy(() -> EntitlementRules.validated(of("users", null, List.of(0.5, 0.0), "EUR")))
                .hasMessageContaining("thresholds[1]");
        assertThatThrownBy(() -> EntitlementRules.validated(of("users", null, List.of(10.5), "EUR")))
                .hasMessageContaining("thresholds[0]");
        assertThat(EntitlementRules.validated(of("users", null, List.of(1.0, 0.5, 1.0), "EUR")).thresholds())
                .containsExactly(0.5, 1.0);
    }

    @Test
    void theCurrencyMustBeAnIso4217Code() {
        assertThatThrownBy(() -> EntitlementRules.validated(of("users", null, null, "eur"))).hasMessageContaining("currency");
        assertThatThrownBy(() -> EntitlementRules.validated(of("users", null, null, "XYZ"))).hasMessageContaining("ISO 4217");
    }
}
