package io.metering.agent.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Command-line arguments: {@code --name value} options, {@code --flag} switches and positionals.
 * Immutable after parsing.
 */
final class Args {

    private final Map<String, String> options;
    private final List<String> positionals;
    private final boolean help;

    private Args(Map<String, String> options, List<String> positionals, boolean help) {
        this.options = options;
        this.positionals = positionals;
        this.help = help;
    }

    /** Parses {@code args}; options not in {@code known} are a {@link UsageException}. */
    static Args parse(List<String> args, Set<String> known) {
        Map<String, String> options = new HashMap<>();
        List<String> positionals = new ArrayList<>();
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else if (arg.startsWith("--")) {
                String name = arg.substring(2);
                String value;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                if (!known.contains(name)) {
                    throw new UsageException("unknown option --" + name);
                }
                options.put(name, value);
            } else {
                positionals.add(arg);
            }
        }
        return new Args(options, positionals, help);
    }

    boolean help() {
        return help;
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    String required(String name) {
        return option(name).orElseThrow(() -> new UsageException("--" + name + " is required"));
    }

    int intOption(String name, int fallback) {
        return option(name).map(v -> parseInt(name, v)).orElse(fallback);
    }

    List<String> positionals() {
        return positionals;
    }

    /** The options whose names are in {@code names}, for settings overrides. */
    Map<String, String> subset(Set<String> names) {
        Map<String, String> result = new HashMap<>();
        options.forEach((k, v) -> {
            if (names.contains(k)) {
                result.put(k, v);
            }
        });
        return result;
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, not '" + value + "'");
        }
    }
}
