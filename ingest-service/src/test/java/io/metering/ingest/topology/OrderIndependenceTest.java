package io.metering.ingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.metering.schemas.UsageEvent;

class OrderIndependenceTest {

    static final Instant RECEIVED = RandomScenario.BASE.plusSeconds(4 * 3600);

    @Test
    void shuffledArrivalGivesTheSameSessionsAndMinutesAsInOrderArrival() {
        List<UsageEvent> inOrder = RandomScenario.generate(42, 40);
        Result expected = run(inOrder, 1);
        assertThat(expected.minutes()).isNotEmpty();

        Random random = new Random(4242);
        for (int round = 0; round < 5; round++) {
            List<UsageEvent> shuffled = new ArrayList<>(inOrder);
            Collections.shuffle(shuffled, random);
            int batch = 1 + random.nextInt(50);

            assertThat(run(shuffled, batch)).as("shuffle %d, batches of %d", round, batch).isEqualTo(expected);
        }
    }

    /** Runs the events in batches: each batch is received at one instant, like one upload. */
    private static Result run(List<UsageEvent> events, int batchSize) {
        try (TopologyHarness harness = new TopologyHarness(RECEIVED)) {
            for (int i = 0; i < events.size(); i++) {
                harness.send(events.get(i), RECEIVED.plusSeconds(i / batchSize));
            }
            return new Result(ReferenceModelTest.sessionValues(harness), ReferenceModelTest.minuteValues(harness));
        }
    }

    record Result(Map<String, ReferenceModel.SessionValues> sessions, Map<String, ReferenceModel.MinuteValues> minutes) {
    }
}
