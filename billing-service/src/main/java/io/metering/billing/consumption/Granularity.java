package io.metering.billing.consumption;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

import io.metering.billing.error.ApiException;

/** Buckets of a consumption series, aligned to UTC. */
public enum Granularity {
    MINUTE, HOUR, DAY, MONTH;

    public static Granularity parse(String name) {
        for (Granularity g : values()) {
            if (g.name().equalsIgnoreCase(name)) {
                return g;
            }
        }
        throw new ApiException.Invalid("granularity must be minute, hour, day or month");
    }

    /** The start of the bucket containing {@code t}. */
    public Instant floor(Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        return switch (this) {
            case MINUTE -> z.truncatedTo(ChronoUnit.MINUTES).toInstant();
            case HOUR -> z.truncatedTo(ChronoUnit.HOURS).toInstant();
            case DAY -> z.truncatedTo(ChronoUnit.DAYS).toInstant();
            case MONTH -> z.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).toInstant();
        };
    }

    public Instant next(Instant bucketStart) {
        ZonedDateTime z = bucketStart.atZone(ZoneOffset.UTC);
        return switch (this) {
            case MINUTE -> z.plusMinutes(1).toInstant();
            case HOUR -> z.plusHours(1).toInstant();
            case DAY -> z.plusDays(1).toInstant();
            case MONTH -> z.plusMonths(1).toInstant();
        };
    }
}
