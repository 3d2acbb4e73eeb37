package io.metering.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration keys one service reads, collected from its sources: the keys of its
 * application.properties (profile prefixes dropped), every {@code @ConfigMapping} interface's methods
 * (prefix + kebab-case name) and every {@code @ConfigProperty(name = ...)}. An environment variable
 * sets a key when it equals the key upper-cased with every non-alphanumeric character turned into
 * {@code _} (MicroProfile Config's rule).
 */
record ServiceConfig(String service, Set<String> keys) {

    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)");
    private static final Pattern MAPPING_METHOD = Pattern.compile("^\\s+[\\w.<>, ?\\[\\]]+\\s+(\\w+)\\(\\);", Pattern.MULTILINE);
    private static final Pattern PROPERTY = Pattern.compile("@ConfigProperty\\(name\\s*=\\s*\"([^\"]+)\"");

    /** Environment of the container runtime (the base image's run-java.sh) rather than of the application. */
    static final Set<String> RUNTIME_ENV = Set.of("JAVA_OPTS_APPEND", "JAVA_MAX_MEM_RATIO", "TZ");

    /**
     * Standard Quarkus runtime keys the deployments set although application.properties does not mention
     * them. Kept short on purpose: any other QUARKUS_ variable must name a key of application.properties,
     * so a typo fails instead of being ignored by the service.
     */
    static final Set<String> QUARKUS_KEYS = Set.of("quarkus.oidc.token.issuer", "quarkus.log.level");

    static ServiceConfig of(String service) {
        Path module = Repo.path(service);
        Set<String> keys = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(module.resolve("src/main/resources/application.properties"))) {
                String l = line.strip();
                int eq = l.indexOf('=');
                if (!l.isEmpty() && !l.startsWith("#") && eq > 0) {
                    String key = l.substring(0, eq).strip();
                    keys.add(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key);
                }
            }
            try (Stream<Path> sources = Files.walk(module.resolve("src/main/java"))) {
                for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String java = Files.readString(source);
                    Matcher mapping = MAPPING.matcher(java);
                    if (mapping.find()) {
                        Matcher method = MAPPING_METHOD.matcher(java.substring(mapping.end()));
                        while (method.find()) {
                            keys.add(mapping.group(1) + "." + kebab(method.group(1)));
                        }
                    }
                    Matcher property = PROPERTY.matcher(java);
                    while (property.find()) {
                        keys.add(property.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ServiceConfig(service, keys);
    }

    /** Whether the service reads this environment variable: a key of its own, a listed Quarkus key or the runtime's. */
    boolean reads(String env) {
        return RUNTIME_ENV.contains(env)
                || Stream.concat(keys.stream(), QUARKUS_KEYS.stream()).anyMatch(k -> envName(k).equals(env));
    }

    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
