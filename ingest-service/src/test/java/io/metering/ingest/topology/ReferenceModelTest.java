package io.metering.ingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.metering.schemas.UsageEvent;

class ReferenceModelTest {

    static final Instant RECEIVED = RandomScenario.BASE.plusSeconds(4 * 3600);

    @ParameterizedTest(name = "seed {0}, in-memory stores {1}, caching {2}")
    @CsvSource({"1, true, true", "2, true, false", "3, false, true"})
    void finalSessionsAndMinutesEqualAStraightforwardReferenceModel(long seed, boolean inMemory, boolean caching) {
        List<UsageEvent> events = new ArrayList<>(RandomScenario.generate(seed, 120));
        Collections.shuffle(events, new Random(seed));
        assertThat(events).hasSizeGreaterThan(300);
        TopologyConfig config = new TopologyConfig(TopologyConfig.defaults().lateHorizon(),
                TopologyConfig.defaults().futureTolerance(), TopologyConfig.defaults().sessionTimeout(),
                TopologyConfig.defaults().timeoutCheckInterval(), TopologyConfig.defaults().stateRetention(),
                TopologyConfig.defaults().purgeInterval(), inMemory, caching);

        try (TopologyHarness harness = new TopologyHarness(config, RECEIVED)) {
            for (int i = 0; i < events.size(); i++) {
                harness.send(events.get(i), RECEIVED.plusMillis(i));
            }

            assertThat(sessionValues(harness)).isEqualTo(ReferenceModel.sessions(events));
            assertThat(minuteValues(harness)).isEqualTo(ReferenceModel.minutes(events));
            assertThat(harness.deadLetters()).isEmpty();
        }
    }

    static Map<String, ReferenceModel.SessionValues> sessionValues(TopologyHarness harness) {
        Map<String, ReferenceModel.SessionValues> out = new TreeMap<>();
        harness.sessions().forEach((k, v) -> out.put(k, ReferenceModel.SessionValues.of(v)));
        return out;
    }

    /** Final minute values, leaving out minutes whose final value is all zeros (as if never written). */
    static Map<String, ReferenceModel.MinuteValues> minuteValues(TopologyHarness harness) {
        Map<String, ReferenceModel.MinuteValues> out = new TreeMap<>();
        harness.minutes().forEach((k, v) -> {
            ReferenceModel.MinuteValues values = ReferenceModel.MinuteValues.of(v);
            if (!values.equals(new ReferenceModel.MinuteValues(0, 0, 0, 0))) {
                out.put(k, values);
            }
        });
        return out;
    }
}
