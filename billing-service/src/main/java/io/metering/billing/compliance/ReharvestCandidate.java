package io.metering.billing.compliance;

import java.time.Instant;
import java.util.List;

/**
 * A user ({@code kind} user, for named-user entitlements) or device ({@code kind} device, for per-device
 * entitlements) that holds a license of the product but had no active use for the asked number of days.
 * {@code lastActiveAt} is the end of its last session with active time, null when it never had any.
 */
public record ReharvestCandidate(String product, List<String> entitlements, String kind, String id, Instant lastActiveAt) {
}
