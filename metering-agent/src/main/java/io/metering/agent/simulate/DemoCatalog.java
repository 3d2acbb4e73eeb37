package io.metering.agent.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.metering.agent.catalog.Catalog;
import io.metering.agent.catalog.DetectionRule;
import io.metering.agent.catalog.Product;

/** The simulator's products: eight well-known ones by default, or any ids given. */
public final class DemoCatalog {

    public static final List<String> DEFAULT_PRODUCTS = List.of("autocad", "photoshop", "matlab", "solidworks",
            "visual-studio", "office", "intellij", "tableau");

    private static final Map<String, String[]> KNOWN = Map.of(
            "autocad", new String[] {"AutoCAD", "C:\\Program Files\\Autodesk\\AutoCAD 2026\\acad.exe"},
            "photoshop", new String[] {"Photoshop", "C:\\Program Files\\Adobe\\Adobe Photoshop 2026\\Photoshop.exe"},
            "matlab", new String[] {"MATLAB", "C:\\Program Files\\MATLAB\\R2026a\\bin\\matlab.exe"},
            "solidworks", new String[] {"SOLIDWORKS", "C:\\Program Files\\SOLIDWORKS Corp\\SOLIDWORKS\\SLDWORKS.exe"},
            "visual-studio", new String[] {"Visual Studio", "C:\\Program Files\\Microsoft Visual Studio\\2026\\devenv.exe"},
            "office", new String[] {"Microsoft Office", "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE"},
            "intellij", new String[] {"IntelliJ IDEA", "C:\\Program Files\\JetBrains\\IntelliJ IDEA 2026.1\\bin\\idea64.exe"},
            "tableau", new String[] {"Tableau Desktop", "C:\\Program Files\\Tableau\\Tableau 2026.1\\bin\\tableau.exe"});

    private DemoCatalog() {
    }

    public static Catalog of(List<String> productIds) {
        List<Product> products = new ArrayList<>();
        for (String id : productIds) {
            products.add(new Product(id, name(id), List.of(DetectionRule.executable(fileName(executable(id)))), "none"));
        }
        return new Catalog("simulated", products, 900);
    }

    public static String executable(String productId) {
        String[] known = KNOWN.get(productId);
        return known != null ? known[1] : "C:\\Program Files\\" + productId + "\\" + productId + ".exe";
    }

    private static String name(String productId) {
        String[] known = KNOWN.get(productId);
        return known != null ? known[0] : productId;
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('\\') + 1);
    }
}
