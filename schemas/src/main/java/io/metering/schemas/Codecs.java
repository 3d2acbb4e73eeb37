package io.metering.schemas;

/** One shared codec per message type of the platform. */
public final class Codecs {

    public static final SingleObjectCodec<UsageEvent> USAGE_EVENT = SingleObjectCodec.of(UsageEvent.class, UsageEventBody.INSTANCE);
    public static final SingleObjectCodec<DeviceEvents> DEVICE_EVENTS = SingleObjectCodec.of(DeviceEvents.class, DeviceEventsBody.INSTANCE);
    public static final SingleObjectCodec<EventBatch> EVENT_BATCH = SingleObjectCodec.of(EventBatch.class);
    public static final SingleObjectCodec<SignedBatch> SIGNED_BATCH = SingleObjectCodec.of(SignedBatch.class);
    public static final SingleObjectCodec<Session> SESSION = SingleObjectCodec.of(Session.class);
    public static final SingleObjectCodec<ConsumptionMinute> CONSUMPTION_MINUTE = SingleObjectCodec.of(ConsumptionMinute.class);
    public static final SingleObjectCodec<LicenseAlert> LICENSE_ALERT = SingleObjectCodec.of(LicenseAlert.class);
    public static final SingleObjectCodec<Entitlement> ENTITLEMENT = SingleObjectCodec.of(Entitlement.class);

    private Codecs() {
    }
}
