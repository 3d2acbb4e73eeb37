package io.metering.e2e.scenario;

import java.util.function.Supplier;

/**
 * A Keycloak access token that is fetched again before it expires (the dev realm gives 300 s) or
 * when a service answered 401. Thread-safe.
 */
public final class TokenSource {

    private static final long REFRESH_AFTER_NANOS = 120_000_000_000L;

    private final Supplier<String> fetch;
    private String token;
    private long fetchedAt;

    public TokenSource(Supplier<String> fetch) {
        this.fetch = fetch;
    }

    public synchronized String get() {
        if (token == null || System.nanoTime() - fetchedAt > REFRESH_AFTER_NANOS) {
            refresh();
        }
        return token;
    }

    /** Fetches a new token unless {@code rejected} was already replaced. */
    public synchronized void invalidate(String rejected) {
        if (rejected.equals(token)) {
            token = null;
        }
    }

    private void refresh() {
        token = fetch.get();
        fetchedAt = System.nanoTime();
    }
}
