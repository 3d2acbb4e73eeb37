package io.metering.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository, found from the test's working directory (the module) or {@code metering.repo}. */
final class Repo {

    private Repo() {
    }

    static Path root() {
        String configured = System.getProperty("metering.repo");
        Path start = Path.of(configured == null ? "" : configured).toAbsolutePath().normalize();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy/k8s/metering")) && Files.exists(p.resolve("mvnw"))) {
                return p;
            }
        }
        throw new IllegalStateException("No repository root above " + start);
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }
}
