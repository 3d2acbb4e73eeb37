package io.metering.ingest.topology;

import java.util.Optional;

import io.metering.schemas.EventType;
import io.metering.schemas.UsageEvent;

/**
 * Decides, from one decoded event and its received time alone, whether it is metered, ignored or
 * rejected to the DLQ. Checks cost a few comparisons: no regex, no allocation beyond the key.
 * <p>
 * Immutable and thread-safe.
 */
final class EventAdmission {

    private final long lateHorizonMs;
    private final long futureToleranceMs;

    EventAdmission(TopologyConfig config) {
        this.lateHorizonMs = config.lateHorizon().toMillis();
        this.futureToleranceMs = config.futureTolerance().toMillis();
    }

    /**
     * Whether the event concerns a session at all: unrecognised executables ({@code productId}
     * null), DENIED and unknown future event types are neither metered nor dead-lettered.
     */
    static boolean isMeterable(UsageEvent event) {
        EventType type = event.getType();
        return event.getProductId() != null
                && (type == EventType.LAUNCH || type == EventType.HEARTBEAT || type == EventType.EXIT);
    }

    /**
     * Why a meterable event must go to the DLQ, if it must.
     *
     * @param recordKey  the record key as sent, {@code tenant/device}
     * @param receivedAt the record timestamp
     */
    Optional<DlqReason> rejection(String recordKey, UsageEvent event, long receivedAt) {
        if (!isValid(recordKey, event)) {
            return Optional.of(DlqReason.INVALID);
        }
        long occurredAt = event.getOccurredAt().toEpochMilli();
        if (receivedAt - occurredAt > lateHorizonMs) {
            return Optional.of(DlqReason.TOO_LATE);
        }
        if (occurredAt - receivedAt > futureToleranceMs) {
            return Optional.of(DlqReason.FUTURE);
        }
        return Optional.empty();
    }

    private static boolean isValid(String recordKey, UsageEvent event) {
        return isKeyPart(event.getTenantId())
                && isKeyPart(event.getDeviceId())
                && isKeyPart(event.getProductId())
                && !event.getSessionId().isBlank()
                && event.getSeq() >= 0
                && event.getOccurredAt().toEpochMilli() > 0
                && event.getActiveSeconds() >= 0
                && event.getIdleSeconds() >= 0
                && isDeviceKey(recordKey, event.getTenantId(), event.getDeviceId());
    }

    /** Whether {@code recordKey} is {@code tenant/device}, compared without building that string. */
    private static boolean isDeviceKey(String recordKey, String tenant, String device) {
        return recordKey != null
                && recordKey.length() == tenant.length() + 1 + device.length()
                && recordKey.startsWith(tenant)
                && recordKey.charAt(tenant.length()) == '/'
                && recordKey.endsWith(device);
    }

    /** Ids that become parts of {@code /}-separated keys must be non-blank and free of {@code /}. */
    private static boolean isKeyPart(String id) {
        return !id.isBlank() && id.indexOf('/') < 0;
    }
}
