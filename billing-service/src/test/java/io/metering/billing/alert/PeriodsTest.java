package io.metering.billing.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class PeriodsTest {

    @Test
    void periodsAreUtcDaysMonthsAndYearsWithTheirLabels() {
        LocalDate day = LocalDate.of(2026, 11, 2);
        assertThat(Periods.containing("day", day).label()).isEqualTo("2026-11-02");
        Periods.Period month = Periods.containing("month", day);
        assertThat(month.label()).isEqualTo("2026-11");
        assertThat(month.from()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(month.to()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(Periods.containing("year", day).label()).isEqualTo("2026");
    }

    @Test
    void labelsParseBackAndAnythingElseIsNone() {
        assertThat(Periods.parse("2026-11")).contains(Periods.containing("month", LocalDate.of(2026, 11, 1)));
        assertThat(Periods.parse("2026")).isPresent();
        assertThat(Periods.parse("2026-13")).isEmpty();
        assertThat(Periods.parse("nov")).isEmpty();
    }
}
