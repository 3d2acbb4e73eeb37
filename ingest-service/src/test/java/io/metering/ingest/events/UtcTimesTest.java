package io.metering.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UtcTimesTest {

    @Test
    void readsEveryInstantOfTheCommonFormAsInstantParseDoes() {
        Random random = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(-30_000_000_000L + (long) (random.nextDouble() * 280_000_000_000L),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            String text = instant.toString();
            assertThat(UtcTimes.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-02T09:15:00Z", "2024-02-29T23:59:59.999Z", "2026-11-02T09:15:00.1Z",
            "2026-11-02T09:15:00.123456789Z", "2026-11-02T09:15:00.Z", "1970-01-01T00:00:00Z", "1000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
            "0999-12-31T23:59:59Z", "+12026-11-02T09:15:00Z", "2026-11-02T23:59:60Z", "2026-11-02T09:15:00+01:00"})
    void acceptsExactlyWhatInstantParseAccepts(String text) {
        assertThat(UtcTimes.parse(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-29T09:15:00Z", "2026-13-02T09:15:00Z", "2026-11-31T09:15:00Z", "2026-11-02T24:15:00Z",
            "2026-11-02T09:60:00Z", "2026-11-02T09:15:0xZ", "2026-11-02T09:15:00.1234567890Z",
            "2026-11-02 09:15:00Z", "2026-11-02T09:15:00", "2026-1a-02T09:15:00Z", "2026-11-02T-1:15:00Z", ""})
    void refusesWhatInstantParseRefuses(String text) {
        assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> UtcTimes.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void writesMillisecondsThatReadBackAsTheSameInstant() {
        Random random = new Random(4);
        for (int i = 0; i < 200_000; i++) {
            long millis = -40_000_000_000_000L + (long) (random.nextDouble() * 300_000_000_000_000L);
            String text = UtcTimes.appendMillis(new StringBuilder(), millis).toString();
            assertThat(Instant.parse(text)).as(text).isEqualTo(Instant.ofEpochMilli(millis));
        }
        assertThat(UtcTimes.appendMillis(new StringBuilder("at "), 0).toString()).isEqualTo("at 1970-01-01T00:00:00.000Z");
        assertThat(UtcTimes.appendMillis(new StringBuilder(), -1).toString()).isEqualTo("1969-12-31T23:59:59.999Z");
    }
}
