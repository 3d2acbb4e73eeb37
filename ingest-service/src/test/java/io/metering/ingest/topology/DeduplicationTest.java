package io.metering.ingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.metering.schemas.UsageEvent;

class DeduplicationTest {

    static final Instant T0 = Instant.parse("2026-11-02T09:15:00Z");

    final TopologyHarness harness = new TopologyHarness(T0);
    final TestEvents.Device device = TestEvents.device("acme", "dev-1");

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void sameSeqTwiceInDifferentBatchesAndOutOfOrderIsCountedOnce() {
        TestEvents.Session s = device.session("s1", "autocad", "alice");
        UsageEvent launch = s.launch(T0);
        UsageEvent heartbeat = s.heartbeat(T0.plusSeconds(60), 45, 15);
        UsageEvent exit = s.exit(T0.plusSeconds(120), 30, 0);

        harness.send(heartbeat, launch).send(heartbeat, T0.plusSeconds(600));
        harness.send(exit).send(launch, T0.plusSeconds(900)).send(heartbeat, T0.plusSeconds(960));

        assertThat(harness.session(s.key()).getEvents()).isEqualTo(3);
        assertThat(harness.session(s.key()).getActiveSeconds()).isEqualTo(75);
        assertThat(harness.session(s.key()).getLaunches()).isEqualTo(1);
        assertThat(harness.sessionRecordCount()).as("repeats emit nothing").isEqualTo(3);
        assertThat(harness.minute("acme", "autocad", T0).getLaunches()).isEqualTo(1);
        assertThat(harness.minute("acme", "autocad", T0.plusSeconds(60)).getActiveSeconds()).isEqualTo(45);
    }

    @Test
    void sameSeqOnAnotherDeviceIsAnotherEvent() {
        TestEvents.Session a = device.session("s1", "autocad", "alice");
        TestEvents.Session b = TestEvents.device("acme", "dev-2").session("s1", "autocad", "bob");

        harness.send(a.launch(T0), b.launch(T0));

        assertThat(harness.minute("acme", "autocad", T0).getLaunches()).isEqualTo(2);
        assertThat(harness.minute("acme", "autocad", T0).getSessions()).isEqualTo(2);
    }
}
