package io.metering.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.metering.schemas.Codecs;
import io.metering.schemas.DeviceEvents;
import io.metering.schemas.EventType;
import io.metering.schemas.UsageEvent;

class DeviceRecordsTest {

    @Test
    void eachDeviceOfARequestBecomesOneRecordWithItsEventsInRequestOrder() {
        List<UsageEvent> request = List.of(event("dev-2", 5), event("dev-1", 9), event("dev-2", 3), event("dev-1", 1));

        List<DeviceRecords.DeviceRecord> records = DeviceRecords.of(request);

        assertThat(records).extracting(DeviceRecords.DeviceRecord::key).containsExactly("acme/dev-2", "acme/dev-1");
        assertThat(records).extracting(DeviceRecords.DeviceRecord::events).containsExactly(2, 2);
        DeviceEvents first = Codecs.DEVICE_EVENTS.decode(records.get(0).value());
        assertThat(first.getTenantId()).isEqualTo("acme");
        assertThat(first.getDeviceId()).isEqualTo("dev-2");
        assertThat(first.getEvents()).extracting(UsageEvent::getSeq).containsExactly(5L, 3L);
    }

    @Test
    void aDeviceWhoseEventsExceedTheRecordLimitIsSplitIntoRecordsUnderIt() {
        List<UsageEvent> request = new ArrayList<>();
        for (int seq = 1; seq <= 1_000; seq++) {
            request.add(event("dev-1", seq));
        }

        List<DeviceRecords.DeviceRecord> records = DeviceRecords.of(request, 16 * 1024);

        assertThat(records.size()).isGreaterThan(1);
        assertThat(records).allSatisfy(r -> assertThat(r.value().length).isLessThanOrEqualTo(16 * 1024));
        List<Long> seqs = new ArrayList<>();
        records.forEach(r -> Codecs.DEVICE_EVENTS.decode(r.value()).getEvents().forEach(e -> seqs.add(e.getSeq())));
        assertThat(seqs).as("every event once, in order").hasSize(1_000).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void oneEventLargerThanTheLimitStillGoesAsARecordOfItsOwn() {
        List<DeviceRecords.DeviceRecord> records = DeviceRecords.of(List.of(event("dev-1", 1)), 10);

        assertThat(records).singleElement().extracting(DeviceRecords.DeviceRecord::events).isEqualTo(1);
    }

    private static UsageEvent event(String device, long seq) {
        return UsageEvent.newBuilder().setEventId(UUID.randomUUID()).setTenantId("acme").setDeviceId(device)
                .setSeq(seq).setType(EventType.HEARTBEAT).setOccurredAt(Instant.parse("2026-11-02T09:15:00Z"))
                .setSessionId("s1").setProductId("autocad").setExecutable("acad.exe").setUser("alice")
                .setPid(1).setProcessStartedAt(null).setActiveSeconds(30).setIdleSeconds(30).setAgentVersion("1")
                .setAttributes(Map.of()).build();
    }
}
