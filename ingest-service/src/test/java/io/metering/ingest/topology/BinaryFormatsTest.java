package io.metering.ingest.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class BinaryFormatsTest {

    @Test
    void minuteDeltaBatchSurvivesItsBinaryFormat() {
        long hour = Minutes.hourFloor(1_790_000_000_000L);
        MinuteDelta add = new MinuteDelta("acme", "ünïcode", hour + 15 * 60_000L, 2,
                new UserIdentity(false, "CORP\\alice"), 1, 42);
        MinuteDelta remove = MinuteDelta.counting("acme", "ünïcode", hour + 59 * 60_000L, -1, new UserIdentity(true, "dev-1"));
        MinuteDelta contribution = MinuteDelta.contribution("acme", "ünïcode", hour, 0, 7);
        MinuteDeltaBatch batch = new MinuteDeltaBatch("acme", "ünïcode", hour, List.of(contribution, add, remove));

        assertThat(MinuteDeltaCodec.decode(MinuteDeltaCodec.encode(batch))).isEqualTo(batch);
    }

    @Test
    void minuteDeltasOfTheOneRecordPerMinuteFormatsAreRefusedWithTheWayOut() {
        byte[] formatOne = {1, 1, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] formatTwo = {2, 1, 0, 0, 0, 0, 0, 0, 0, 0};

        assertThatThrownBy(() -> MinuteDeltaCodec.decode(formatOne)).hasMessageContaining("reset the topology");
        assertThatThrownBy(() -> MinuteDeltaCodec.decode(formatTwo)).hasMessageContaining("reset the topology");
    }

    @Test
    void aUsersSessionCountsOfAnHourKeepOnlyTheMinutesInUse() {
        int[] counts = new int[MinuteUsers.MINUTES_PER_HOUR];
        counts[0] = 1;
        counts[17] = 70_000;
        counts[59] = 2;

        byte[] encoded = MinuteUsers.encode(counts);

        assertThat(encoded).hasSize(1 + 3 * 5);
        assertThat(MinuteUsers.decode(encoded)).containsExactly(counts);
        assertThat(MinuteUsers.encode(new int[MinuteUsers.MINUTES_PER_HOUR])).as("nothing to keep").isNull();
        assertThat(MinuteUsers.decode(null)).containsOnly(0);
    }

    @Test
    void sessionStateSurvivesItsBinaryFormat() {
        var device = TestEvents.device("acme", "dev-1").session("s1", "autocad", null);
        var launch = device.launch(Instant.parse("2026-11-02T09:15:00Z"));
        var heartbeat = device.heartbeat(Instant.parse("2026-11-02T09:17:00Z"), 50, 10);
        SessionState fresh = SessionState.empty(launch).with(launch, 1_790_000_000_000L, 1000).withTimedOut();
        SessionState sentOnce = fresh.withDeltasEmitted().with(heartbeat, 1_790_000_001_000L, 1000);

        assertThat(SessionStateCodec.decode(SessionStateCodec.encode(fresh))).isEqualTo(fresh);
        assertThat(SessionStateCodec.decode(SessionStateCodec.encode(sentOnce))).isEqualTo(sentOnce);
        assertThat(sentOnce.emitted()).isNotNull();
        assertThat(sentOnce.unemitted().byteSize()).isPositive();
    }

    @Test
    void sessionStateOfTheFormatBeforeDeferredDeltasReadsAsHavingSentEverything() {
        var event = TestEvents.device("acme", "dev-1").session("s1", "autocad", "bob").launch(Instant.parse("2026-11-02T09:15:00Z"));
        SessionState state = SessionState.empty(event).with(event, 1_790_000_000_000L, 1000);
        byte[] current = SessionStateCodec.encode(state.withDeltaBookkeeping(null, UnsentContributions.NONE));
        byte[] formatOne = Arrays.copyOf(current, current.length - 1); // without the coverage flag
        formatOne[0] = 1;

        assertThat(SessionStateCodec.decode(formatOne)).isEqualTo(state.withDeltasEmitted());
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
