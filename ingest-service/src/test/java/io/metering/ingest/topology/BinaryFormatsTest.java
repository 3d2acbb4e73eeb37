package io.metering.ingest.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class BinaryFormatsTest {

    @Test
    void minuteDeltaSurvivesItsBinaryFormat() {
        MinuteDelta add = new MinuteDelta("acme", "autocad", 1_790_000_000_000L, 1,
                new UserIdentity(false, "CORP\\alice"), 1, 42);
        MinuteDelta remove = MinuteDelta.counting("acme", "autocad", 60_000L, -1, new UserIdentity(true, "dev-1"));
        MinuteDelta contribution = MinuteDelta.contribution("acme", "ünïcode", 0L, 0, 7);

        for (MinuteDelta delta : new MinuteDelta[] {add, remove, contribution}) {
            assertThat(MinuteDeltaCodec.decode(MinuteDeltaCodec.encode(delta))).isEqualTo(delta);
        }
    }

    @Test
    void minuteDeltaOfTheMembershipFormatIsRefusedWithTheWayOut() {
        byte[] formatOne = {1, 1, 0, 0, 0, 0, 0, 0, 0, 0};

        assertThatThrownBy(() -> MinuteDeltaCodec.decode(formatOne)).hasMessageContaining("reset the topology");
    }

    @Test
    void sessionStateSurvivesItsBinaryFormat() {
        var event = TestEvents.device("acme", "dev-1").session("s1", "autocad", null).launch(Instant.parse("2026-11-02T09:15:00Z"));
        SessionState state = SessionState.empty(event).with(event, 1_790_000_000_000L, 1000).withTimedOut();

        assertThat(SessionStateCodec.decode(SessionStateCodec.encode(state))).isEqualTo(state);
    }

    @Test
    void minuteKeysSortByMinuteFirstSoThatOldMinutesAreOneKeyRange() {
        MinuteDelta early = MinuteDelta.contribution("zzz", "zzz", 60_000L, 1, 0);
        MinuteDelta late = MinuteDelta.contribution("aaa", "aaa", 120_000L, 1, 0);

        assertThat(ConsumptionKeys.minuteKey(early)).isLessThan(ConsumptionKeys.minuteKey(late));
        assertThat(ConsumptionKeys.minuteKey(early)).isLessThan(ConsumptionKeys.firstKeyOf(120_000L));
        assertThat(ConsumptionKeys.minuteKey(late)).isGreaterThan(ConsumptionKeys.firstKeyOf(120_000L));
    }

    @Test
    void aUserNamedLikeADeviceUserIsAnotherIdentity() {
        assertThat(UserIdentity.of("device:dev-1", "dev-9")).isNotEqualTo(UserIdentity.of(null, "dev-1"));
        assertThat(UserIdentity.of(null, "dev-1")).hasToString("device:dev-1");
    }
}
