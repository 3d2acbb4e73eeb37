package io.metering.agent.upload;

import java.io.IOException;

/** Gives the bearer token for calls to the server. */
public interface TokenProvider {

    /** A token valid now, fetched or refreshed as needed. */
    String token() throws IOException, InterruptedException;

    /** The server refused the current token: fetch a new one next time. */
    void invalidate();
}
