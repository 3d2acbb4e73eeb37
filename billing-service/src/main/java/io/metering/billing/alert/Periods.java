package io.metering.billing.alert;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Entitlement periods in UTC: a day, a month or a year, with the label alerts and bills use
 * ({@code 2026-11-02}, {@code 2026-11}, {@code 2026}). Stateless.
 */
public final class Periods {

    /** [from, to) of one period, and its label. */
    public record Period(String label, LocalDate firstDay, LocalDate endDay) {

        public Instant from() {
            return firstDay.atStartOfDay(ZoneOffset.UTC).toInstant();
        }

        public Instant to() {
            return endDay.atStartOfDay(ZoneOffset.UTC).toInstant();
        }

        public boolean contains(LocalDate day) {
            return !day.isBefore(firstDay) && day.isBefore(endDay);
        }
    }

    private Periods() {
    }

    /** The period of kind {@code day|month|year} containing {@code day}. */
    public static Period containing(String kind, LocalDate day) {
        return switch (kind) {
            case "day" -> new Period(day.toString(), day, day.plusDays(1));
            case "month" -> {
                LocalDate first = day.withDayOfMonth(1);
                yield new Period(first.toString().substring(0, 7), first, first.plusMonths(1));
            }
            case "year" -> {
                LocalDate first = day.withDayOfYear(1);
                yield new Period(String.valueOf(first.getYear()), first, first.plusYears(1));
            }
            default -> throw new IllegalArgumentException("unknown period " + kind);
        };
    }

    /** Parses a label ({@code 2026}, {@code 2026-11} or {@code 2026-11-02}); empty when it is none. */
    public static java.util.Optional<Period> parse(String label) {
        try {
            if (label.matches("\\d{4}")) {
                return java.util.Optional.of(containing("year", LocalDate.of(Integer.parseInt(label), 1, 1)));
            }
            if (label.matches("\\d{4}-\\d{2}")) {
                return java.util.Optional.of(containing("month", LocalDate.parse(label + "-01")));
            }
            if (label.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return java.util.Optional.of(containing("day", LocalDate.parse(label)));
            }
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.empty();
    }
}
