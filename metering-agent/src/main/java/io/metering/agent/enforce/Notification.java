package io.metering.agent.enforce;

/**
 * Something the user (and the status command) should learn about a seat: a warning or a denial.
 *
 * @param at          ISO-8601 UTC
 * @param enforcement {@code warn} or {@code deny}
 */
public record Notification(String at, String productId, String sessionId, String user, String enforcement,
                           String message) {
}
