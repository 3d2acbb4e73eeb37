package io.metering.ingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class MinuteDeltaCollectorTest {

    private static final long HOUR = Minutes.hourFloor(1_790_000_000_000L);
    private static final long MINUTE = 60_000L;
    private static final UserIdentity ALICE = new UserIdentity(false, "alice");
    private static final UserIdentity BOB = new UserIdentity(false, "bob");

    private final MinuteDeltaCollector collector = new MinuteDeltaCollector();

    @Test
    void deltasOfTheSameMinuteAndUserFromDifferentSessionsBecomeOne() {
        collector.add(MinuteDelta.counting("acme", "cad", HOUR, 1, ALICE), 10);
        collector.add(MinuteDelta.counting("acme", "cad", HOUR, 1, ALICE), 30);
        collector.add(MinuteDelta.counting("acme", "cad", HOUR, 1, BOB), 20);

        List<Sent> sent = drain();

        assertThat(sent).containsExactly(new Sent(new MinuteDeltaBatch("acme", "cad", HOUR, List.of(
                MinuteDelta.counting("acme", "cad", HOUR, 2, ALICE),
                MinuteDelta.counting("acme", "cad", HOUR, 1, BOB))), 30));
    }

    @Test
    void launchesAndSecondsAreSummedPerMinuteApartFromTheSessionCounts() {
        collector.add(new MinuteDelta("acme", "cad", HOUR + MINUTE, 1, ALICE, 1, 40), 1);
        collector.add(MinuteDelta.contribution("acme", "cad", HOUR + MINUTE, 0, 20), 1);

        assertThat(drain().get(0).batch().deltas()).containsExactly(
                MinuteDelta.contribution("acme", "cad", HOUR + MINUTE, 1, 60),
                MinuteDelta.counting("acme", "cad", HOUR + MINUTE, 1, ALICE));
    }

    @Test
    void aSessionStartingAndAnotherOfTheSameUserStoppingInAMinuteCancelOut() {
        collector.add(MinuteDelta.counting("acme", "cad", HOUR, 1, ALICE), 1);
        collector.add(MinuteDelta.counting("acme", "cad", HOUR, -1, ALICE), 1);

        assertThat(drain()).isEmpty();
    }

    @Test
    void eachTenantProductAndHourIsOneBatchWithItsDeltasInMinuteOrder() {
        collector.add(MinuteDelta.counting("acme", "cad", HOUR + 59 * MINUTE, 1, ALICE), 1);
        collector.add(MinuteDelta.counting("acme", "cad", HOUR + 60 * MINUTE, 1, ALICE), 1);
        collector.add(MinuteDelta.counting("acme", "cad", HOUR + 2 * MINUTE, 1, ALICE), 1);
        collector.add(MinuteDelta.counting("acme", "gis", HOUR, 1, ALICE), 1);
        collector.add(MinuteDelta.counting("beta", "cad", HOUR, 1, ALICE), 1);

        List<Sent> sent = drain();

        assertThat(sent).extracting(s -> s.batch().key()).containsExactly(
                "acme/cad/h" + HOUR, "acme/cad/h" + (HOUR + 60 * MINUTE), "acme/gis/h" + HOUR, "beta/cad/h" + HOUR);
        assertThat(sent.get(0).batch().deltas()).extracting(MinuteDelta::minute)
                .containsExactly(HOUR + 2 * MINUTE, HOUR + 59 * MINUTE);
        assertThat(drain()).as("drained").isEmpty();
    }

    @Test
    void aGroupTooLargeForOneRecordGoesOutAsSeveralBatchesOfBoundedSize() {
        for (int u = 0; u < 20_000; u++) {
            collector.add(MinuteDelta.counting("acme", "cad", HOUR, 1, new UserIdentity(false, "CORP\\user.number-" + u)), 1);
        }

        List<Sent> sent = drain();

        assertThat(sent).hasSizeGreaterThan(1);
        assertThat(sent).allSatisfy(s -> assertThat(MinuteDeltaCodec.encode(s.batch()).length)
                .isLessThanOrEqualTo(MinuteDeltaCollector.MAX_BATCH_BYTES + 64));
        assertThat(sent.stream().mapToInt(s -> s.batch().deltas().size()).sum()).isEqualTo(20_000);
    }

    private record Sent(MinuteDeltaBatch batch, long timestamp) {
    }

    private List<Sent> drain() {
        List<Sent> sent = new ArrayList<>();
        collector.drainTo((batch, timestamp) -> sent.add(new Sent(batch, timestamp)));
        return sent;
    }
}
