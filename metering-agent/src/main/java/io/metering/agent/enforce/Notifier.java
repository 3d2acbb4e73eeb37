package io.metering.agent.enforce;

/**
 * Tells someone about a refused seat. The agent logs and records every notification (shown by
 * {@code status}); a desktop hook (notify-send, a Windows toast through a per-session helper, macOS
 * {@code osascript}) plugs in here. Implementations must not block the poll thread for long.
 */
public interface Notifier {

    void notify(Notification notification);
}
