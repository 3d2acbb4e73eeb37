package io.metering.schemas;

import java.util.List;

/**
 * Reads a record value of either raw-event topic: a {@link DeviceEvents} on
 * {@link Topics#DEVICE_EVENTS}, a single {@link UsageEvent} on {@link Topics#USAGE_EVENTS} (ADR 0811).
 * Stateless and thread-safe.
 */
public final class EventRecords {

    private EventRecords() {
    }

    /**
     * The events a record value of {@code topic} holds, in their order.
     *
     * @throws InvalidMessageException when the value is missing or not a message of the topic's type
     * @throws IllegalArgumentException when {@code topic} is not a raw-event topic
     */
    public static List<UsageEvent> events(String topic, byte[] value) {
        if (value == null) {
            throw new InvalidMessageException("no value", null);
        }
        if (Topics.DEVICE_EVENTS.equals(topic)) {
            return Codecs.DEVICE_EVENTS.decode(value).getEvents();
        }
        if (Topics.USAGE_EVENTS.equals(topic)) {
            return List.of(Codecs.USAGE_EVENT.decode(value));
        }
        throw new IllegalArgumentException(topic + " is not a raw-event topic");
    }
}
