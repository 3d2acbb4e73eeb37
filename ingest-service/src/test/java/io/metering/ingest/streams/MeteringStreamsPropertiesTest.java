package io.metering.ingest.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class MeteringStreamsPropertiesTest {

    private final Properties properties =
            MeteringStreams.properties("metering-topology", "localhost:9092", "/tmp/state", 1, 200, (short) 1, 16 << 20);

    @Test
    void theTopologyRunsExactlyOnce() {
        assertThat(properties).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    }

    @Test
    void aTaskProcessesWhatItHasWithoutWaitingForItsOtherInputTopic() {
        // safe because the result does not depend on how the two inputs interleave (OrderIndependenceTest)
        assertThat(new StreamsConfig(properties).getLong(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG))
                .isEqualTo(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    }
}
