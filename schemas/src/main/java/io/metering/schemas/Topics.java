package io.metering.schemas;

/** The Kafka topics of DESIGN.md section 3; names are part of the contract. */
public final class Topics {

    /** Raw usage events, key {@code tenant/device}, value a single-object encoded {@link UsageEvent}. */
    public static final String USAGE_EVENTS = "metering.usage-events.v1";
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
