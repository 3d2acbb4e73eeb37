package io.metering.ingest.events;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.metering.schemas.EventType;
import io.metering.schemas.UsageEvent;

/**
 * Checks one event against the contract of DESIGN.md section 4. Returns the reason it is rejected,
 * or empty when it is valid. Stateless and thread-safe.
 */
public final class EventValidator {

    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private final EventLimits limits;

    public EventValidator(EventLimits limits) {
        this.limits = limits;
    }

    public Optional<String> check(UsageEvent e, String tenant, Optional<String> requiredDevice, Instant now) {
        if (!tenant.equals(e.getTenantId())) {
            return Optional.of("tenantId '" + abbreviate(e.getTenantId()) + "' is not the caller's tenant");
        }
        if (requiredDevice.isPresent() && !requiredDevice.get().equals(e.getDeviceId())) {
            return Optional.of("deviceId differs from the signing device");
        }
        String text = textProblem(e);
        if (text != null) {
            return Optional.of(text);
        }
        if (e.getSeq() < 1) {
            return Optional.of("seq must be at least 1");
        }
        if (e.getType() == null || e.getType() == EventType.UNKNOWN) {
            return Optional.of("type must be one of LAUNCH, HEARTBEAT, EXIT, DENIED");
        }
        if (e.getOccurredAt().isAfter(now.plusSeconds(limits.maxFutureSeconds()))) {
            return Optional.of("occurredAt is more than " + limits.maxFutureSeconds() + " s in the future");
        }
        if (e.getOccurredAt().isBefore(EARLIEST)) {
            return Optional.of("occurredAt is before " + EARLIEST);
        }
        if (e.getProcessStartedAt() != null && e.getProcessStartedAt().isAfter(e.getOccurredAt())) {
            return Optional.of("processStartedAt is after occurredAt");
        }
        if (e.getProcessStartedAt() != null && e.getProcessStartedAt().isBefore(EARLIEST)) {
            // also keeps it within epoch milliseconds: JSON accepts years up to +-1000000000
            return Optional.of("processStartedAt is before " + EARLIEST);
        }
        if (e.getActiveSeconds() < 0 || e.getIdleSeconds() < 0) {
            return Optional.of("activeSeconds and idleSeconds must not be negative");
        }
        if (e.getActiveSeconds() > limits.maxSecondsPerEvent() || e.getIdleSeconds() > limits.maxSecondsPerEvent()) {
            return Optional.of("activeSeconds or idleSeconds exceeds " + limits.maxSecondsPerEvent());
        }
        if (e.getPid() < 0) {
            return Optional.of("pid must not be negative");
        }
        return Optional.empty();
    }

    /** Why one of the event's texts is refused, the first in a fixed order; null when all are fine. */
    private static String textProblem(UsageEvent e) {
        String problem = checkText("deviceId", e.getDeviceId(), 1, 128);
        if (problem == null) {
            problem = checkText("sessionId", e.getSessionId(), 1, 128);
        }
        if (problem == null) {
            problem = checkText("executable", e.getExecutable(), 0, 1024);
        }
        if (problem == null) {
            problem = checkOptionalText("productId", e.getProductId(), 128);
        }
        if (problem == null) {
            problem = checkOptionalText("user", e.getUser(), 256);
        }
        if (problem == null) {
            problem = checkText("agentVersion", e.getAgentVersion(), 0, 64);
        }
        return problem == null ? checkAttributes(e.getAttributes()) : problem;
    }

    /** Why the text is refused, or null. */
    private static String checkText(String field, String value, int min, int max) {
        if (value == null || value.length() < min || (min > 0 && value.isBlank())) {
            return field + " is required";
        }
        if (value.length() > max) {
            return field + " is longer than " + max + " characters";
        }
        if (hasControlCharacter(value)) {
            return field + " contains control characters";
        }
        return null;
    }

    private static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < 0x20) {
                return true;
            }
        }
        return false;
    }

    private static String checkOptionalText(String field, String value, int max) {
        return value == null ? null : checkText(field, value, 1, max);
    }

    private static String checkAttributes(Map<String, String> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return null;
        }
        if (attributes.size() > 32) {
            return "attributes has more than 32 entries";
        }
        for (Map.Entry<String, String> entry : attributes.entrySet()) {
            if (entry.getKey().length() > 64 || entry.getValue() == null || entry.getValue().length() > 256) {
                return "attributes allow keys up to 64 and values up to 256 characters";
            }
        }
        return null;
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
