package io.metering.local;

import java.io.IOException;
import java.net.ServerSocket;

/** Free TCP ports on the loopback interface, for parts started without fixed ports. */
public final class Ports {

    private Ports() {
    }

    public static int one() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port", e);
        }
    }

    /** A port p such that p and p+1 are both free (a broker and its controller). */
    public static int pair() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p = one();
            try (ServerSocket next = new ServerSocket(p + 1)) {
                return p;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("No two adjacent free ports");
    }
}
