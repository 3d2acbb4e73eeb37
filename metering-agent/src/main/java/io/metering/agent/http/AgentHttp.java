package io.metering.agent.http;

import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The one HTTP client of the agent process (ADR 0301):
 * <ul>
 *   <li>HTTP/1.1: with the JDK's default (HTTP/2) the first request on a plain-http connection is an h2c
 *       upgrade that carries the body, and ingest-service then did not gunzip that body (400);</li>
 *   <li>the CA store is read at the first TLS handshake, not at start ({@link LazyTrustManager}).</li>
 * </ul>
 * Thread-safe.
 */
public final class AgentHttp {

    private AgentHttp() {
    }

    public static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .sslContext(lazyTls())
                .build();
    }

    private static SSLContext lazyTls() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new LazyTrustManager()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM offers no TLS: " + e.getMessage(), e);
        }
    }
}
