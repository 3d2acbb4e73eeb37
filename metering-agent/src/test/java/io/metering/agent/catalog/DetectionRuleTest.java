package io.metering.agent.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.metering.agent.config.Json;

class DetectionRuleTest {

    @Test
    void executableRuleMatchesTheFileNameIgnoringCase() {
        DetectionRule rule = DetectionRule.executable("acad.exe");
        assertThat(rule.matches("C:\\Program Files\\Autodesk\\AutoCAD 2026\\ACAD.EXE")).isTrue();
        assertThat(rule.matches("/opt/autodesk/acad.exe")).isTrue();
        assertThat(rule.matches("/opt/autodesk/acad.exe.bak")).isFalse();
        assertThat(rule.matches("/opt/acad.exe/other")).isFalse();
    }

    @Test
    void pathGlobMatchesTheFullPath() {
        DetectionRule rule = new DetectionRule(null, "**/AutoCAD*/acad", null);
        assertThat(rule.matches("/opt/AutoCAD2026/acad")).isTrue();
        assertThat(rule.matches("/opt/tools/AutoCAD-lt/acad")).isTrue();
        assertThat(rule.matches("/opt/Other/acad")).isFalse();
        assertThat(rule.matches("C:\\Apps\\AutoCAD 2026\\acad")).isTrue();
    }

    @Test
    void regexMustMatchTheWholePath() {
        DetectionRule rule = new DetectionRule(null, null, ".*/matlab/R20[0-9]{2}[ab]/bin/matlab");
        assertThat(rule.matches("/usr/local/matlab/R2026a/bin/matlab")).isTrue();
        assertThat(rule.matches("/usr/local/matlab/R2026a/bin/matlab-helper")).isFalse();
    }

    @Test
    void aRuleWithSeveralFieldsMatchesOnlyWhenAllMatch() {
        DetectionRule rule = new DetectionRule("idea64.exe", "**/JetBrains/**", null);
        assertThat(rule.matches("C:\\Program Files\\JetBrains\\IntelliJ IDEA\\bin\\idea64.exe")).isTrue();
        assertThat(rule.matches("C:\\Tools\\idea64.exe")).isFalse();
        assertThat(rule.matches("C:\\Program Files\\JetBrains\\bin\\other.exe")).isFalse();
    }

    @Test
    void aRuleWithoutFieldsMatchesNothing() {
        assertThat(new DetectionRule(null, "", null).matches("/bin/anything")).isFalse();
    }

    @Test
    void catalogFromServerJsonRecognisesTheFirstMatchingProduct() throws Exception {
        ObjectMapper json = Json.newMapper();
        Catalog catalog = json.readValue("""
                {"version":"7","graceSeconds":600,"products":[
                  {"id":"autocad","name":"AutoCAD","rules":[{"executable":"acad.exe"},{"pathGlob":"**/AutoCAD*/acad"}],
                   "enforcement":"warn"},
                  {"id":"matlab","name":"MATLAB","rules":[{"regex":".*/matlab"}],"enforcement":"none","extra":1}
                ]}""", Catalog.class);
        assertThat(catalog.version()).isEqualTo("7");
        assertThat(catalog.recognise("/opt/AutoCAD2026/acad")).map(Product::id).contains("autocad");
        assertThat(catalog.recognise("/usr/bin/matlab")).map(Product::id).contains("matlab");
        assertThat(catalog.recognise("/usr/bin/bash")).isEmpty();
        assertThat(catalog.products().get(0).enforcement()).isEqualTo("warn");
    }

    @Test
    void cachedCatalogSurvivesARoundTripThroughDisk(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        ObjectMapper json = Json.newMapper();
        CatalogCache cache = new CatalogCache(dir.resolve("catalog.json"), json);
        Catalog catalog = new Catalog("3", List.of(new Product("office", "Office",
                List.of(DetectionRule.executable("WINWORD.EXE")), "none")), 900);
        cache.save(catalog);
        Catalog loaded = new CatalogService(java.util.Optional.empty(), cache).current();
        assertThat(loaded.version()).isEqualTo("3");
        assertThat(loaded.recognise("C:\\Office\\winword.exe")).isPresent();
    }
}
