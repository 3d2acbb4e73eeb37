package io.metering.ingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.junit.jupiter.api.Test;

class InputRecordBytesTest {

    @Test
    void theRecordContextNoLongerHoldsTheInputRecordsBytesOnceReleased() {
        List<byte[]> before = new ArrayList<>();
        List<byte[]> after = new ArrayList<>();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .process(() -> new Processor<byte[], byte[], Void, Void>() {
                    private ProcessorContext<Void, Void> context;

                    @Override
                    public void init(ProcessorContext<Void, Void> context) {
                        this.context = context;
                    }

                    @Override
                    public void process(Record<byte[], byte[]> record) {
                        before.add(((InternalProcessorContext<?, ?>) context).recordContext().sourceRawValue());
                        InputRecordBytes.release(context);
                        after.add(((InternalProcessorContext<?, ?>) context).recordContext().sourceRawValue());
                        assertThat(record.value()).containsExactly(1, 2, 3);
                    }
                });
        Properties config = new Properties();
        config.put("application.id", "input-record-bytes");
        config.put("bootstrap.servers", "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), config)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic("in", Serdes.ByteArray().serializer(),
                    Serdes.ByteArray().serializer());
            in.pipeInput(new byte[] {9}, new byte[] {1, 2, 3});
        }

        assertThat(before).singleElement().isNotNull();
        assertThat(after).singleElement().isNull();
    }
}
