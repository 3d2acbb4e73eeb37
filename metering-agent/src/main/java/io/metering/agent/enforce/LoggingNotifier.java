package io.metering.agent.enforce;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each notification once, at WARN. Thread-safe. */
public final class LoggingNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingNotifier.class);

    @Override
    public void notify(Notification n) {
        LOG.warn("Seat refused ({}): product {}, session {}, user {}: {}", n.enforcement(), n.productId(),
                n.sessionId(), n.user(), n.message());
    }
}
