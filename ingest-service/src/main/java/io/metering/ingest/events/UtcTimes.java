package io.metering.ingest.events;

import java.time.Instant;

/**
 * ISO-8601 UTC times as the JSON contract and the database sinks write them, without the general
 * {@link java.time.format.DateTimeFormatter} machinery: {@code Instant.parse} and
 * {@code Instant.toString} cost about a microsecond each, and every imported event has one or two
 * times to read and the events sink two to write. The common form {@code 2026-11-02T09:15:00Z}
 * (optionally with up to nine fraction digits) of the years 1000-9999 is handled here; anything
 * else is handed to {@code Instant.parse}, so what is accepted and refused does not change.
 * <p>
 * Stateless and thread-safe.
 */
public final class UtcTimes {

    private static final long SECONDS_PER_DAY = 86_400L;
    /** 1000-01-01T00:00:00Z and 10000-01-01T00:00:00Z in epoch milliseconds: the range of 4-digit years. */
    private static final long FIRST_FOUR_DIGIT_YEAR_MS = -30_610_224_000_000L;
    private static final long AFTER_LAST_FOUR_DIGIT_YEAR_MS = 253_402_300_800_000L;

    private UtcTimes() {
    }

    /**
     * The instant {@code text} denotes, as {@link Instant#parse} reads it.
     *
     * @throws java.time.format.DateTimeParseException as {@link Instant#parse} does
     */
    public static Instant parse(CharSequence text) {
        Instant fast = parseCommonForm(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, or null when {@code text} has another form or an invalid field. */
    private static Instant parseCommonForm(CharSequence t) {
        int n = t.length();
        if (n < 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':' || t.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null; // also -1 for a non-digit; 24:00 and leap seconds are Instant.parse's to judge
        }
        int nanos = 0;
        if (n > 20) {
            int fractionDigits = n - 21;
            if (t.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            int fraction = digits(t, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        long epochSecond = daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /**
     * Appends {@code epochMillis} as {@code yyyy-MM-ddTHH:mm:ss.SSSZ} (always with milliseconds), or
     * as {@link Instant#toString} outside the years 1000-9999; PostgreSQL reads either.
     */
    public static StringBuilder appendMillis(StringBuilder out, long epochMillis) {
        if (epochMillis < FIRST_FOUR_DIGIT_YEAR_MS || epochMillis >= AFTER_LAST_FOUR_DIGIT_YEAR_MS) {
            return out.append(Instant.ofEpochMilli(epochMillis));
        }
        long days = Math.floorDiv(epochMillis, SECONDS_PER_DAY * 1000);
        int millisOfDay = (int) (epochMillis - days * SECONDS_PER_DAY * 1000);
        // civil from days (proleptic Gregorian), era-based so that it holds for any day
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        int seconds = millisOfDay / 1000;
        pad(out, year, 4).append('-');
        pad(out, month, 2).append('-');
        pad(out, day, 2).append('T');
        pad(out, seconds / 3600, 2).append(':');
        pad(out, seconds / 60 % 60, 2).append(':');
        pad(out, seconds % 60, 2).append('.');
        return pad(out, millisOfDay % 1000, 3).append('Z');
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        for (int scale = width == 4 ? 1000 : width == 3 ? 100 : 10; scale > 0; scale /= 10) {
            out.append((char) ('0' + value / scale % 10));
        }
        return out;
    }

    /** The non-negative number of {@code length} digits at {@code from}, or -1 if one is no digit. */
    private static int digits(CharSequence t, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date. */
    private static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }
}
