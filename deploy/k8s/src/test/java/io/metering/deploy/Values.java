package io.metering.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

/** The chart's values as helm merges them (maps merged key by key, everything else replaced), for expectations. */
final class Values {

    private Values() {
    }

    static Map<String, Object> merged(Path... files) {
        Map<String, Object> values = read(HelmChart.chartDir().resolve("values.yaml"));
        for (Path file : files) {
            values = merge(values, read(file));
        }
        return values;
    }

    static Map<String, Object> read(Path file) {
        try {
            Map<String, Object> map = new Yaml().load(Files.readString(file));
            return map == null ? Map.of() : map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Object at(Map<String, Object> values, String dottedPath) {
        Object current = values;
        for (String part : dottedPath.split("\\.")) {
            current = ((Map<String, Object>) current).get(part);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
        Map<String, Object> result = new LinkedHashMap<>(base);
        override.forEach((k, v) -> {
            Object old = result.get(k);
            result.put(k, old instanceof Map && v instanceof Map
                    ? merge((Map<String, Object>) old, (Map<String, Object>) v) : v);
        });
        return result;
    }
}
