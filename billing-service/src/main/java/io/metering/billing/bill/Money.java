package io.metering.billing.bill;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/** Money rounding: every amount is rounded once, HALF_EVEN, to its currency's minor units. */
public final class Money {

    /** Intermediate divisions that are not the final rounding keep this many decimals. */
    static final int EXACT_SCALE = 20;

    private Money() {
    }

    /** The currency's minor units (EUR 2, JPY 0, BHD 3); 2 for codes without any (e.g. XXX). */
    public static int minorUnits(String currency) {
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            return digits < 0 ? 2 : digits;
        } catch (IllegalArgumentException e) {
            return 2;
        }
    }

    public static BigDecimal round(BigDecimal amount, String currency) {
        return amount.setScale(minorUnits(currency), RoundingMode.HALF_EVEN);
    }

    /** numerator / denominator, rounded once to the currency's minor units. */
    public static BigDecimal divide(BigDecimal numerator, BigDecimal denominator, String currency) {
        return numerator.divide(denominator, minorUnits(currency), RoundingMode.HALF_EVEN);
    }

    public static BigDecimal zero(String currency) {
        return BigDecimal.ZERO.setScale(minorUnits(currency));
    }

    /** A quantity for display: no trailing zeros, never in exponent notation. */
    public static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
