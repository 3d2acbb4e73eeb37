package io.metering.ingest.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.metering.schemas.Codecs;
import io.metering.schemas.DeviceEvents;
import io.metering.schemas.UsageEvent;

/**
 * Packs the accepted events of one request into {@link DeviceEvents} records of
 * {@link io.metering.schemas.Topics#DEVICE_EVENTS}: one per device, the device's events in the order
 * of the request, split in halves until each encoded value is at most {@link #MAX_VALUE_BYTES}
 * (ADR 0811). An agent's batch is one device's, so it becomes one record; an importer's batch of
 * many devices becomes one record per device.
 * <p>
 * Stateless and thread-safe.
 */
public final class DeviceRecords {

    /**
     * Largest encoded value: half of the producer's and the broker's default 1 MB record limit, so
     * neither needs configuring. Typical events take ~150 bytes (~3,500 per record); the largest
     * valid event (every text field at its limit) takes ~40 KB.
     */
    public static final int MAX_VALUE_BYTES = 512 * 1024;

    private DeviceRecords() {
    }

    /** One record to send: key {@code tenant/device}, the encoded value and how many events it holds. */
    public record DeviceRecord(String key, byte[] value, int events) {
    }

    /** The records holding {@code events}, in the order each device first appears. */
    public static List<DeviceRecord> of(List<UsageEvent> events) {
        return of(events, MAX_VALUE_BYTES);
    }

    static List<DeviceRecord> of(List<UsageEvent> events, int maxValueBytes) {
        Map<String, List<UsageEvent>> byDevice = new LinkedHashMap<>();
        for (UsageEvent event : events) {
            byDevice.computeIfAbsent(key(event), k -> new ArrayList<>()).add(event);
        }
        List<DeviceRecord> records = new ArrayList<>(byDevice.size());
        byDevice.forEach((key, deviceEvents) -> encode(key, deviceEvents, maxValueBytes, records));
        return records;
    }

    private static String key(UsageEvent event) {
        return event.getTenantId() + "/" + event.getDeviceId();
    }

    private static void encode(String key, List<UsageEvent> events, int maxValueBytes, List<DeviceRecord> out) {
        UsageEvent first = events.get(0);
        byte[] value = Codecs.DEVICE_EVENTS.encode(DeviceEvents.newBuilder().setTenantId(first.getTenantId())
                .setDeviceId(first.getDeviceId()).setEvents(events).build());
        if (value.length <= maxValueBytes || events.size() == 1) {
            out.add(new DeviceRecord(key, value, events.size()));
            return;
        }
        int half = events.size() / 2;
        encode(key, events.subList(0, half), maxValueBytes, out);
        encode(key, events.subList(half, events.size()), maxValueBytes, out);
    }
}
