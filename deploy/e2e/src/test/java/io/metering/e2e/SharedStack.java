package io.metering.e2e;

import java.nio.file.Path;

import io.metering.local.LocalStack;
import io.metering.local.StackOptions;
import io.metering.local.Ports;

/**
 * One platform (without the demo fleet, with the real Keycloak dev realm) shared by the scenario and
 * crash tests of this JVM, so the suite pays the start-up once; stopped when the JVM exits. Each test
 * uses its own products and devices. Thread-safe.
 */
public final class SharedStack {

    private static LocalStack stack;

    private SharedStack() {
    }

    public static synchronized LocalStack get() {
        if (stack == null) {
            Path repo = Path.of(System.getProperty("metering.repo", "../..")).toAbsolutePath().normalize();
            stack = LocalStack.startDisposable("metering-e2e-shared-", data -> new StackOptions(repo, data, false, 0,
                    Ports.one(), Ports.one(), Ports.one(), Ports.pair(), Ports.one()));
            // closing also deletes the data directory (~1-2 GB per run of the suite otherwise)
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "shared-stack-stop"));
        }
        return stack;
    }
}
