package io.metering.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.metering.local.Directories;
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
            Path data;
            try {
                data = Files.createTempDirectory("metering-e2e-shared-");
                stack = LocalStack.start(new StackOptions(repo, data, false, 0, Ports.one(), Ports.one(),
                        Ports.one(), Ports.pair(), Ports.one()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            LocalStack started = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                try {
                    Directories.deleteRecursively(data); // ~1-2 GB per run of the suite otherwise
                } catch (IOException e) {
                    System.err.println("Could not delete " + data + ": " + e.getMessage());
                }
            }, "shared-stack-stop"));
        }
        return stack;
    }
}
