package io.metering.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** Small readers of a Deployment's single application container. */
final class Pods {

    private Pods() {
    }

    static Container container(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static Map<String, EnvVar> env(Deployment d) {
        Map<String, EnvVar> env = new LinkedHashMap<>();
        for (EnvVar e : container(d).getEnv()) {
            if (env.put(e.getName(), e) != null) {
                throw new AssertionError(d.getMetadata().getName() + " sets " + e.getName() + " twice");
            }
        }
        return env;
    }

    static String value(Deployment d, String name) {
        EnvVar e = env(d).get(name);
        if (e == null || e.getValue() == null) {
            throw new AssertionError(d.getMetadata().getName() + " has no literal " + name);
        }
        return e.getValue();
    }

    /** The Quarkus service a Deployment runs: its app.kubernetes.io/name label, which is also its module folder. */
    static String service(Deployment d) {
        return d.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/name");
    }

    static boolean selects(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }
}
