package io.metering.ingest.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.LongUnaryOperator;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.metering.ingest.topology.MeteringTopology;
import io.metering.ingest.topology.TopologyConfig;
import io.metering.local.Directories;
import io.metering.local.KafkaBroker;
import io.metering.local.Ports;
import io.metering.schemas.Codecs;
import io.metering.schemas.DeviceEvents;
import io.metering.schemas.ConsumptionMinute;
import io.metering.schemas.EventType;
import io.metering.schemas.Topics;
import io.metering.schemas.UsageEvent;

/**
 * Throughput of the metering topology alone on a real single-node broker: N generated events
 * (the shape of {@code deploy/bench/ingest}: ~64 per device, two sessions a day with a heartbeat a
 * minute, 4 products) are produced first, each device's events in one record of {@code device-events.v1}
 * as ingest-service writes a request holding them (ADR 0811; {@code -Dbench.single=true}: one record of
 * {@code usage-events.v1} per event, as before), then the topology starts with
 * the production Streams configuration and the clock runs until every session and the launches and
 * active seconds of every minute are on the output topics. Not part of the build; run with
 * <pre>
 * ./mvnw -B -o -f ingest-service/pom.xml test -Dtest=TopologyBenchmark -Dbench=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.events=1000000] [-Dbench.single=true] [-Dbench.emitIntervalMs=200] [-Dbench.streams.&lt;streams config&gt;=v]
 * </pre>
 * It needs the broker's classpath: {@code deploy/local/target/lib} (built by {@code ./mvnw package}).
 */
class TopologyBenchmark {

    private static final String TENANT = "bench";

    @Test
    @EnabledIfSystemProperty(named = "bench", matches = "true")
    void meteringTopologyThroughputOnARealBroker() throws Exception {
        int events = Integer.getInteger("bench.events", 500_000);
        int threads = Integer.getInteger("bench.threads", 2);
        Path dir = Files.createTempDirectory("topology-bench-");
        System.setProperty("metering.local.lib", Path.of("../deploy/local/target/lib").toAbsolutePath().toString());
        try (AutoCloseable cleanUp = () -> Directories.deleteRecursively(dir); // closed last
             KafkaBroker broker = new KafkaBroker(dir.resolve("kafka"), Ports.pair(), dir.resolve("kafka.log")).start()) {
            createTopics(broker.bootstrapServers());
            Generated generated = generate(events, Boolean.getBoolean("bench.single"), new Random(7));
            long t = System.nanoTime();
            produce(broker.bootstrapServers(), generated.records());
            System.out.printf("[bench] %,d events of %,d devices produced in %,d records in %.1f s%n", generated.events(),
                    generated.devices(), generated.records().size(), (System.nanoTime() - t) / 1e9);

            Properties props = MeteringStreams.properties("topology-bench", broker.bootstrapServers(),
                    dir.resolve("state").toString(), threads, 200, (short) 1,
                    Long.parseLong(StreamsSettings.DEFAULT_CACHE_MAX_BYTES));
            System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.streams."))
                    .forEach(k -> props.put(k.substring("bench.streams.".length()), System.getProperty(k)));
            // the emission interval of the production settings; other values only to see what it costs
            TopologyConfig config = TopologyConfig.defaults().withEmitInterval(Duration.ofMillis(Long.getLong("bench.emitIntervalMs", 200)));
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            try (KafkaStreams streams = new KafkaStreams(MeteringTopology.build(config), props);
                 OutputWatcher output = new OutputWatcher(broker.bootstrapServers())) {
                streams.start();
                long lastReport = 0;
                while (!output.reached(generated)) {
                    output.poll();
                    long elapsed = System.nanoTime() - t0;
                    if (elapsed - lastReport > 2_000_000_000L) {
                        lastReport = elapsed;
                        System.out.printf("[bench] %5.1f s  sessions %,d/%,d  launches %,d/%,d  active s %,d/%,d%n",
                                elapsed / 1e9, output.sessions.size(), generated.sessions(), output.launches(),
                                generated.launches(), output.activeSeconds(), generated.activeSeconds());
                    }
                    assertThat(elapsed).as("time to process").isLessThan(Duration.ofMinutes(15).toNanos());
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                double cpu = (processCpuNanos() - cpu0) / 1e9;
                System.out.printf("""
                        ---
                        events              %,d (%,d devices, %,d sessions, %,d input records)
                        topology            %.1f s -> %,.0f events/s (stream threads: %d, start-up included)
                        CPU of this JVM     %.1f s = %.2f cores (stream threads %.1f s)
                        stream threads      %,.0f bytes allocated per event
                        output records      %,d sessions.v1 (%,d sessions), %,d consumption.v1 (%,d minutes)
                        emit interval       %d ms
                        streams overrides   %s
                        written per topic   (end offsets, transaction markers included; per event)
                        %s""", generated.events(), generated.devices(), generated.sessions(), generated.records().size(),
                        seconds, generated.events() / seconds, threads, cpu, cpu / seconds, streamThreadCpu() / 1e9,
                        (double) streamThreadAllocatedBytes() / generated.events(),
                        output.sessionRecords, output.sessions.size(), output.minuteRecords, output.minutes.size(),
                        config.emitInterval().toMillis(),
                        props.entrySet().stream().filter(e -> System.getProperty("bench.streams." + e.getKey()) != null)
                                .toList(),
                        writtenPerTopic(broker.bootstrapServers(), generated.events()));
            }
        }
    }

    /**
     * Every topic's records (the sum of its partitions' end offsets) after the run, per generated
     * event: what the topology made the broker store, changelogs and repartition topics included.
     */
    private static String writtenPerTopic(String bootstrap, int events) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription topic : admin.describeTopics(admin.listTopics().names().get()).allTopicNames().get().values()) {
                topic.partitions().forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<String, Long> perTopic = new TreeMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> perTopic.merge(tp.topic(), info.offset(), Long::sum));
            StringBuilder out = new StringBuilder();
            long total = 0;
            for (Map.Entry<String, Long> topic : perTopic.entrySet()) {
                if (topic.getValue() > 0 && !topic.getKey().startsWith("__")) {
                    total += topic.getValue();
                    out.append(String.format("  %-70s %,10d  %.3f%n", topic.getKey(), topic.getValue(), (double) topic.getValue() / events));
                }
            }
            return out.append(String.format("  %-70s %,10d  %.3f%n", "all but the broker's own", total, (double) total / events)).toString();
        }
    }

    /** The generated events, keyed, with the totals the outputs must reach. */
    record Generated(List<ProducerRecord<byte[], byte[]>> records, int events, int devices, int sessions, long launches,
            long activeSeconds) {
    }

    private static Generated generate(int target, boolean singleEvents, Random random) {
        int devices = Math.max(10, target / 64);
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(1));
        String run = Long.toString(System.currentTimeMillis(), 36);
        List<List<ProducerRecord<byte[], byte[]>>> perDevice = new ArrayList<>();
        int sessions = 0;
        int eventCount = 0;
        long launches = 0;
        long active = 0;
        for (int d = 0; d < devices; d++) {
            String device = "bench-" + run + "-" + d; // ids with a long common prefix, as in deploy/bench/ingest
            byte[] key = (TENANT + "/" + device).getBytes(StandardCharsets.UTF_8);
            List<UsageEvent> deviceEvents = new ArrayList<>();
            long seq = 1;
            for (int s = 0; s < 2; s++) {
                String session = device + "-s" + s;
                String product = "product-" + random.nextInt(4);
                Instant start = end.minus(Duration.ofMinutes(60 + random.nextInt(23 * 60)));
                int minutes = 1 + random.nextInt(60);
                sessions++;
                for (int m = 0; m <= minutes; m++) {
                    EventType type = m == 0 ? EventType.LAUNCH : m == minutes ? EventType.EXIT : EventType.HEARTBEAT;
                    int activeSeconds = m == 0 ? 0 : random.nextInt(61);
                    launches += type == EventType.LAUNCH ? 1 : 0;
                    active += activeSeconds;
                    UsageEvent event = UsageEvent.newBuilder().setEventId(UUID.randomUUID()).setTenantId(TENANT)
                            .setDeviceId(device).setSeq(seq++).setType(type)
                            .setOccurredAt(start.plus(Duration.ofMinutes(m))).setSessionId(session)
                            .setProductId(product).setExecutable(product + ".exe").setUser("user-" + d)
                            .setPid(4000 + s).setProcessStartedAt(null).setActiveSeconds(activeSeconds)
                            .setIdleSeconds(60 - activeSeconds).setAgentVersion("bench").setAttributes(Map.of()).build();
                    deviceEvents.add(event);
                }
            }
            eventCount += deviceEvents.size();
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            if (singleEvents) {
                deviceEvents.forEach(e -> records.add(new ProducerRecord<>(Topics.USAGE_EVENTS, key, Codecs.USAGE_EVENT.encode(e))));
            } else { // as ingest-service writes a request holding all of the device's events (ADR 0811)
                records.add(new ProducerRecord<>(Topics.DEVICE_EVENTS, key, Codecs.DEVICE_EVENTS.encode(DeviceEvents
                        .newBuilder().setTenantId(TENANT).setDeviceId(device).setEvents(deviceEvents).build())));
            }
            perDevice.add(records);
        }
        Collections.shuffle(perDevice, random);
        List<ProducerRecord<byte[], byte[]>> all = new ArrayList<>();
        perDevice.forEach(all::addAll);
        return new Generated(all, eventCount, devices, sessions, launches, active);
    }

    private static void createTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String topic : List.of(Topics.USAGE_EVENTS, Topics.DEVICE_EVENTS, Topics.USAGE_EVENTS_DLQ, Topics.SESSIONS, Topics.CONSUMPTION)) {
                topics.add(new NewTopic(topic, 4, (short) 1));
            }
            admin.createTopics(topics).all().get();
        }
    }

    private static void produce(String bootstrap, List<ProducerRecord<byte[], byte[]>> records) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Bytes the stream threads allocated so far (HotSpot's per-thread count), 0 where it is not available. */
    private static long streamThreadAllocatedBytes() {
        return ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                ? sumOverStreamThreads(threads::getThreadAllocatedBytes) : 0;
    }

    private static long streamThreadCpu() {
        return sumOverStreamThreads(ManagementFactory.getThreadMXBean()::getThreadCpuTime);
    }

    /** The sum of {@code perThread} (by thread id; negative counts as 0) over the live stream threads. */
    private static long sumOverStreamThreads(LongUnaryOperator perThread) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("StreamThread")) {
                total += Math.max(0, perThread.applyAsLong(info.getThreadId()));
            }
        }
        return total;
    }

    /** Reads the sessions and consumption topics (committed data only), keeping the latest value per key. */
    private static final class OutputWatcher implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Set<String> sessions = new HashSet<>();
        private final Map<String, ConsumptionMinute> minutes = new HashMap<>();
        private long sessionRecords;
        private long minuteRecords;

        OutputWatcher(String bootstrap) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "topology-bench-watcher");
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(Topics.SESSIONS, Topics.CONSUMPTION));
        }

        void poll() {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                String key = new String(r.key(), StandardCharsets.UTF_8);
                if (r.topic().equals(Topics.SESSIONS)) {
                    sessions.add(key);
                    sessionRecords++;
                } else {
                    minutes.put(key, Codecs.CONSUMPTION_MINUTE.decode(r.value()));
                    minuteRecords++;
                }
            }
        }

        long launches() {
            return minutes.values().stream().mapToLong(ConsumptionMinute::getLaunches).sum();
        }

        long activeSeconds() {
            return minutes.values().stream().mapToLong(ConsumptionMinute::getActiveSeconds).sum();
        }

        boolean reached(Generated g) {
            return sessions.size() == g.sessions() && launches() == g.launches() && activeSeconds() == g.activeSeconds();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
