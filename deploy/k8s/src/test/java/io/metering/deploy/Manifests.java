package io.metering.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The documents of one rendering: each as the raw map helm produced and, for kinds with a model, as that
 * typed model. Reading problems (unknown kinds, unknown fields, type errors) are collected, not thrown,
 * so a test can list them all at once.
 */
record Manifests(List<Manifest> all, List<String> problems) {

    record Manifest(String apiVersion, String kind, String name, Map<String, Object> raw, Object model) {

        String key() {
            return apiVersion + "/" + kind;
        }

        @Override
        public String toString() {
            return kind + " " + name;
        }
    }

    static Manifests parse(String yaml) {
        List<Manifest> all = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> doc : HelmChart.documents(yaml)) {
            String apiVersion = String.valueOf(doc.get("apiVersion"));
            String kind = String.valueOf(doc.get("kind"));
            Object metadata = doc.get("metadata");
            String name = metadata instanceof Map<?, ?> m ? String.valueOf(m.get("name")) : "?";
            String key = apiVersion + "/" + kind;
            Object model = null;
            Class<?> type = StrictModels.TYPED.get(key);
            if (type != null) {
                try {
                    model = StrictModels.read(doc, type);
                    StrictModels.unknownFields(model).forEach(f -> problems.add(kind + " " + name + ": unknown field " + f));
                } catch (IllegalArgumentException e) {
                    problems.add(kind + " " + name + ": " + e.getMessage());
                }
            } else if (!StrictModels.UNTYPED.contains(key)) {
                problems.add(kind + " " + name + ": " + key + " is not a kind this chart is checked for");
            }
            all.add(new Manifest(apiVersion, kind, name, doc, model));
        }
        return new Manifests(all, problems);
    }

    <T> List<T> of(Class<T> type) {
        return all.stream().map(Manifest::model).filter(type::isInstance).map(type::cast).toList();
    }

    Stream<Manifest> kind(String kind) {
        return all.stream().filter(m -> m.kind().equals(kind));
    }

    Optional<Manifest> find(String kind, String name) {
        return kind(kind).filter(m -> m.name().equals(name)).findFirst();
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return of(type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
    }
}
