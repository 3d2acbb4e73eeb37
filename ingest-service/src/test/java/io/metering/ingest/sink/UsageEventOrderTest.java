package io.metering.ingest.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.metering.schemas.EventType;
import io.metering.schemas.UsageEvent;

class UsageEventOrderTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void eventsAreOrderedByTenantProductAndSecondWithTiesInBatchOrder() {
        List<UsageEvent> events = List.of(
                event("t2", "p1", T0, 1),
                event("t1", "p2", T0, 2),
                event("t1", "p1", T0.plusSeconds(5), 3),
                event("t1", null, T0.plusSeconds(9), 4),
                event("t1", "p1", T0.plusMillis(400), 5),
                event("t1", "p1", T0, 6));

        // t1's events without a product sort first: they are stored with the product ''
        assertArrayEquals(new int[] {3, 4, 5, 2, 1, 0}, orderOf(events));
    }

    @Test
    void everyEventOfALargeShuffledBatchIsCopiedOnceInKeyOrder() {
        Random random = new Random(7);
        List<UsageEvent> events = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            events.add(event("tenant-" + random.nextInt(3), "product-" + random.nextInt(40),
                    T0.plusSeconds(random.nextInt(86_400)), i));
        }
        Collections.shuffle(events, random);

        int[] order = orderOf(events);

        assertArrayEquals(IntStream.range(0, events.size()).toArray(), Arrays.stream(order).sorted().toArray());
        Comparator<UsageEvent> byKey = Comparator.comparing(UsageEvent::getTenantId)
                .thenComparing(e -> Objects.requireNonNullElse(e.getProductId(), ""))
                .thenComparing(e -> e.getOccurredAt().getEpochSecond());
        for (int i = 1; i < order.length; i++) {
            assertEquals(true, byKey.compare(events.get(order[i - 1]), events.get(order[i])) <= 0,
                    "out of order at " + i);
        }
    }

    @Test
    void eventsLaterThanTheSortableRangeStillComeOnceAfterTheirProductsEarlierOnes() {
        Instant far = T0.plus(Duration.ofSeconds(UsageEventOrder.MAX_SECONDS + 100));
        List<UsageEvent> events = List.of(
                event("t", "p", far.plusSeconds(1), 1),
                event("t", "p", far, 2),
                event("t", "p", T0, 3),
                event("t", "q", T0, 4));

        // beyond the range the batch's order stands
        assertArrayEquals(new int[] {2, 0, 1, 3}, orderOf(events));
    }

    @Test
    void aClearedOrderForgetsTheEarlierBatchItsGroupsAndItsEarliestSecond() {
        UsageEventOrder order = new UsageEventOrder(1);
        order.add(event("t", "z", T0.minusSeconds(UsageEventOrder.MAX_SECONDS + 10), 1));
        order.add(event("t", "a", T0, 2));
        order.order();

        order.clear();
        order.add(event("t", "p", T0.plusSeconds(2), 1));
        order.add(event("t", "p", T0, 2));

        assertArrayEquals(new int[] {1, 0}, order.order());
    }

    @Test
    void anEmptyBatchHasAnEmptyOrder() {
        assertEquals(0, orderOf(List.of()).length);
    }

    private static int[] orderOf(List<UsageEvent> events) {
        UsageEventOrder order = new UsageEventOrder(1);
        events.forEach(order::add);
        return order.order();
    }

    private static UsageEvent event(String tenant, String product, Instant occurredAt, long seq) {
        return UsageEvent.newBuilder()
                .setEventId(new UUID(0, seq)).setTenantId(tenant).setDeviceId("d").setSeq(seq)
                .setType(EventType.HEARTBEAT).setOccurredAt(occurredAt).setSessionId("s").setProductId(product)
                .setExecutable("app.exe").setUser(null).setPid(1).setProcessStartedAt(null)
                .setActiveSeconds(0).setIdleSeconds(0).setAgentVersion("test").setAttributes(Map.of())
                .build();
    }
}
