package io.metering.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import org.junit.jupiter.api.Test;

/** The checker itself: it must see what a strict API server would refuse, so the chart test means something. */
class StrictModelsTest {

    @Test
    void aMisspelledFieldDeepInADeploymentIsReportedWithItsPath() {
        Manifests m = Manifests.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: c
                          image: i:1
                          readinessProbe: {httpGet: {pathh: /q/health/ready, port: http}}
                """);
        assertThat(m.problems()).singleElement().asString()
                .contains("spec.template.spec.containers[0].readinessProbe.httpGet.pathh");
    }

    @Test
    void aMisspelledFieldOfAStrimziResourceIsReported() {
        Manifests m = Manifests.parse("""
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata: {name: t}
                spec: {topicName: t, partition: 3, replicas: 3}
                """);
        assertThat(m.problems()).singleElement().asString().contains("spec.partition");
    }

    @Test
    void aKindWithoutAModelOrAFieldCheckIsReported() {
        Manifests m = Manifests.parse("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                """);
        assertThat(m.problems()).singleElement().asString().contains("example.com/v1/Widget");
    }

    @Test
    void aValueOfTheWrongTypeIsReported() {
        Manifests m = Manifests.parse("""
                apiVersion: v1
                kind: Service
                metadata: {name: s}
                spec: {ports: {name: http, port: 80}}
                """);
        assertThat(m.problems()).singleElement().asString().contains("Service s");
    }

    @Test
    void aDuplicatedKeyFailsTheParse() {
        assertThatThrownBy(() -> Manifests.parse("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c, labels: {a: "1", a: "2"}}
                """)).hasMessageContaining("duplicate");
    }
}
