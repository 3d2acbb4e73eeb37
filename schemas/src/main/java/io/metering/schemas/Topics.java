package io.metering.schemas;

/** The Kafka topics of DESIGN.md section 3; names are part of the contract. */
public final class Topics {

    /**
     * Raw usage events one per record, key {@code tenant/device}, value a single-object encoded
     * {@link UsageEvent}. The topology and the event sink still read it (tools that write single events,
     * a rolling upgrade); ingest-service writes {@link #DEVICE_EVENTS} instead (ADR 0811).
     */
    public static final String USAGE_EVENTS = "metering.usage-events.v1";
    /**
     * Raw usage events as ingest-service writes them: the events of one device accepted together,
     * key {@code tenant/device}, value a single-object encoded {@link DeviceEvents} (ADR 0811).
     * Partitioned like {@link #USAGE_EVENTS}.
     */
    public static final String DEVICE_EVENTS = "metering.device-events.v1";
    /** Events that cannot be metered, with the reason in the {@code reason} header. */
    public static final String USAGE_EVENTS_DLQ = "metering.usage-events.dlq.v1";
    /** Sessions, key {@code tenant/device/session}, value {@link Session}. */
    public static final String SESSIONS = "metering.sessions.v1";
    /** Per-minute consumption, key {@code tenant/product/minute}, value {@link ConsumptionMinute}. */
    public static final String CONSUMPTION = "metering.consumption.v1";
    /** License alerts, key {@code tenant/entitlement}, value {@link LicenseAlert}. */
    public static final String LICENSE_ALERTS = "metering.license-alerts.v1";
    /** Entitlements, compacted, key {@code tenant/entitlement}, value {@link Entitlement}. */
    public static final String ENTITLEMENTS = "metering.entitlements.v1";

    private Topics() {
    }
}
