package io.metering.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

/**
 * Renders deploy/k8s/metering with the helm library embedded by helm-java (no helm binary, no cluster):
 * the same template engine and value merging as {@code helm template}. Capabilities are helm's offline
 * defaults, which the chart does not consult.
 */
final class HelmChart {

    static final String RELEASE = "metering";
    static final String NAMESPACE = "metering";

    private HelmChart() {
    }

    static Path chartDir() {
        return Repo.path("deploy/k8s/metering");
    }

    /** Renders with the chart's defaults, then each values file in order, then each {@code key=value}. */
    static Manifests render(List<Path> valuesFiles, Map<String, Object> sets) {
        TemplateCommand template = new Helm(chartDir()).template().withName(RELEASE).withNamespace(NAMESPACE);
        valuesFiles.forEach(template::withValuesFile);
        sets.forEach(template::set);
        return Manifests.parse(template.call());
    }

    static Manifests render(Path... valuesFiles) {
        return render(List.of(valuesFiles), Map.of());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(options).loadAll(yaml)) {
            if (doc != null) {
                docs.add((Map<String, Object>) doc);
            }
        }
        return docs;
    }
}
