package io.metering.schemas;

import java.util.ArrayList;
import java.util.List;

/** {@link DeviceEvents}' Avro body: tenant and device strings, then the events as array blocks. */
final class DeviceEventsBody implements FastBody<DeviceEvents> {

    static final DeviceEventsBody INSTANCE = new DeviceEventsBody();
    /** Of the current {@code DeviceEvents.avsc}; SchemaCompatibilityTest fails when the schema changes. */
    static final long FINGERPRINT = 0x4A79A26FDBE14147L;

    private DeviceEventsBody() {
    }

    @Override
    public long schemaFingerprint() {
        return FINGERPRINT;
    }

    @Override
    public void write(DeviceEvents record, AvroOut out) {
        out.writeString(record.getTenantId());
        out.writeString(record.getDeviceId());
        List<UsageEvent> events = record.getEvents();
        if (!events.isEmpty()) {
            out.writeLong(events.size());
            for (UsageEvent event : events) {
                UsageEventBody.INSTANCE.write(event, out);
            }
        }
        out.writeLong(0);
    }

    @Override
    public DeviceEvents read(AvroIn in) {
        // remembered, so that every event's tenant and device are these same strings
        String tenantId = in.readString(UsageEventBody.TENANT);
        String deviceId = in.readString(UsageEventBody.DEVICE);
        List<UsageEvent> events = new ArrayList<>();
        for (int n = in.readBlockCount(UsageEventBody.MIN_BYTES); n > 0; n = in.readBlockCount(UsageEventBody.MIN_BYTES)) {
            for (int i = 0; i < n; i++) {
                events.add(UsageEventBody.INSTANCE.read(in));
            }
        }
        return new DeviceEvents(tenantId, deviceId, events);
    }
}
