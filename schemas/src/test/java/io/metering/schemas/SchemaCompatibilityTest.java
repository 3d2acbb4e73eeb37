package io.metering.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaCompatibilityTest {

    static Stream<Arguments> currentSchemaAndEachPublishedVersion() {
        List<Class<?>> types = List.of(UsageEvent.class, DeviceEvents.class, EventBatch.class, SignedBatch.class, Session.class,
                ConsumptionMinute.class, LicenseAlert.class, Entitlement.class);
        return types.stream().flatMap(type -> {
            Schema current = SpecificData.get().getSchema(type);
            List<Schema> published = SchemaHistory.versions(current.getName());
            assertThat(published).as("published versions of %s", current.getName()).isNotEmpty();
            return published.stream().map(old -> Arguments.of(current.getName(), current, old));
        });
    }

    @ParameterizedTest(name = "{0}: current reads every published writer")
    @MethodSource("currentSchemaAndEachPublishedVersion")
    void currentSchemaIsBackwardCompatibleWithEveryPublishedVersion(String name, Schema current, Schema published) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(current, published);
        assertThat(result.getType()).as(result.getDescription()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @ParameterizedTest(name = "{0}: every published reader reads current")
    @MethodSource("currentSchemaAndEachPublishedVersion")
    void currentSchemaIsForwardCompatibleWithEveryPublishedVersion(String name, Schema current, Schema published) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(published, current);
        assertThat(result.getType()).as(result.getDescription()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @ParameterizedTest(name = "{0}: newest published version equals the current schema")
    @MethodSource("currentSchemaAndEachPublishedVersion")
    void newestPublishedVersionIsTheCurrentSchemaSoEveryChangeIsPublished(String name, Schema current, Schema ignored) {
        List<Schema> published = SchemaHistory.versions(name);
        assertThat(published.get(published.size() - 1)).isEqualTo(current);
    }
}
