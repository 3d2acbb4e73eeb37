package io.metering.ingest.topology;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

import io.metering.schemas.Topics;

/**
 * The metering topology of DESIGN.md section 5:
 * <pre>
 * device-events.v1 -+
 * usage-events.v1 ---+--sessionize (dedupe, sessions)--+--> usage-events.dlq.v1   (reason header)
 *                                                  +--> sessions.v1
 *                                                  +--> minute deltas --repartition by tenant/product/hour
 *                                                         --aggregate-minutes--> consumption.v1
 * </pre>
 * Both event topics are keyed {@code tenant/device} and partitioned alike, so they are read as one
 * stream: a record of device-events.v1 holds a device's events of one request, one of
 * usage-events.v1 a single event (ADR 0811). All keys and values are bytes on the wire (keys are UTF-8 strings, values single-object Avro),
 * so the topology needs no default serdes. Run it with {@code processing.guarantee=exactly_once_v2}.
 * <p>
 * Stateless and thread-safe; each built {@link Topology} is for one {@code KafkaStreams} instance.
 */
public final class MeteringTopology {

    private static final Serde<byte[]> BYTES = Serdes.ByteArray();
    private static final String ROUTE = "route-";

    private MeteringTopology() {
    }

    /** The topology, with DLQ counts available only as Streams metrics. */
    public static Topology build(TopologyConfig config) {
        return build(config, new DlqCounters());
    }

    /** The topology, counting DLQ events also in {@code dlqCounters} (e.g. bound to Micrometer). */
    public static Topology build(TopologyConfig config, DlqCounters dlqCounters) {
        StreamsBuilder builder = new StreamsBuilder();
        new StateStores(config).all().forEach(builder::addStateStore);
        Map<String, KStream<byte[], Emission>> routes = builder
                .stream(List.of(Topics.DEVICE_EVENTS, Topics.USAGE_EVENTS), Consumed.with(BYTES, BYTES).withName("usage-events"))
                .process(() -> new SessionizeProcessor(config, dlqCounters), Named.as("sessionize"),
                        StoreNames.DEDUPE, StoreNames.SESSIONS, StoreNames.OPEN_SESSIONS, StoreNames.SESSIONS_PENDING)
                .split(Named.as(ROUTE))
                .branch((k, v) -> v.kind() == Emission.Kind.DEAD_LETTER, Branched.as("dead-letters"))
                .branch((k, v) -> v.kind() == Emission.Kind.SESSION, Branched.as("sessions"))
                .defaultBranch(Branched.as("minute-deltas"));
        payloads(routes, "dead-letters").to(Topics.USAGE_EVENTS_DLQ, produced("dead-letters-sink"));
        payloads(routes, "sessions").to(Topics.SESSIONS, produced("sessions-sink"));
        payloads(routes, "minute-deltas")
                .repartition(Repartitioned.with(BYTES, BYTES).withName(StoreNames.DELTAS_REPARTITION))
                .process(() -> new ConsumptionAggregator(config), Named.as("aggregate-minutes"),
                        StoreNames.MINUTES, StoreNames.USERS, StoreNames.MINUTES_PENDING,
                        StoreNames.MINUTES_BACKFILL_PENDING)
                .to(Topics.CONSUMPTION, produced("consumption-sink"));
        return builder.build();
    }

    private static KStream<byte[], byte[]> payloads(Map<String, KStream<byte[], Emission>> routes, String route) {
        return routes.get(ROUTE + route).mapValues(Emission::payload, Named.as(route + "-payload"));
    }

    private static Produced<byte[], byte[]> produced(String name) {
        return Produced.with(BYTES, BYTES).withName(name);
    }
}
