package io.metering.billing.bill;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

import io.metering.billing.error.ApiException;

/** A bill's period: one calendar month in UTC, written {@code 2026-11}, covering [start, end). Immutable. */
public record BillPeriod(YearMonth month) {

    private static final Pattern FORMAT = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");

    /**
     * Parses {@code YYYY-MM}; refuses anything else and months after the one containing {@code now}
     * (the current month is an open period and has a DRAFT bill).
     */
    public static BillPeriod parse(String text, Instant now) {
        if (text == null || !FORMAT.matcher(text).matches()) {
            String shown = text == null ? "" : "; got '" + (text.length() > 20 ? text.substring(0, 20) + "..." : text) + "'";
            throw new ApiException.Invalid("period must be a month written YYYY-MM, e.g. 2026-11" + shown);
        }
        BillPeriod period = new BillPeriod(YearMonth.parse(text));
        BillPeriod current = containing(now);
        if (period.month.isAfter(current.month)) {
            throw new ApiException.Invalid("period " + text + " is in the future; the current period is " + current);
        }
        return period;
    }

    public static BillPeriod containing(Instant instant) {
        return new BillPeriod(YearMonth.from(instant.atOffset(ZoneOffset.UTC)));
    }

    public LocalDate firstDay() {
        return month.atDay(1);
    }

    public LocalDate lastDay() {
        return month.atEndOfMonth();
    }

    public int days() {
        return month.lengthOfMonth();
    }

    public Instant start() {
        return startOf(firstDay());
    }

    public Instant end() {
        return startOf(lastDay().plusDays(1));
    }

    public BillPeriod previous() {
        return new BillPeriod(month.minusMonths(1));
    }

    public BillPeriod next() {
        return new BillPeriod(month.plusMonths(1));
    }

    static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    @Override
    public String toString() {
        return month.toString();
    }
}
