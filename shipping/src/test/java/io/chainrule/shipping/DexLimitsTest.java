package io.chainrule.shipping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * D8, Android's dexer, turns the runtime and every class of the samples' model packages (the
 * annotated types and every generated class, training and inference) into dex for API 21 without an
 * error or a warning, and every method of the result stays within ART's compilation limits
 * ({@link ArtLimits}). Writes the dex sizes to {@code target/shipping/dex-sizes.txt}.
 */
class DexLimitsTest {
    @Test
    void runtimeAndEverySampleModelDexForApi21WithinArtLimits() throws IOException {
        Map<String, byte[]> runtime = Artifacts.classes(Artifacts.runtime());
        Map<String, byte[]> samples = Artifacts.entries(Artifacts.samples(), Artifacts.SAMPLE_MODEL_CLASSES);
        assertTrue(runtime.containsKey("io/chainrule/io/ModelFile.class"), runtime.keySet().toString());
        for (String model : List.of("xor/XorModel", "digits/DigitsModel", "mnist/MnistModel", "deep/DeepResidual1000Model")) {
            assertTrue(samples.containsKey("io/chainrule/samples/" + model + ".class"), model + " not among " + samples.keySet());
        }
        Map<String, byte[]> program = new TreeMap<>(runtime);
        program.putAll(samples);

        long start = System.nanoTime();
        Map<String, byte[]> dex = AndroidTools.d8PerClass(program);
        long d8Millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(program.keySet(), dex.keySet(), "one dex file per class");

        List<String> violations = new ArrayList<>();
        List<DexFile.Method> methods = new ArrayList<>();
        dex.forEach((name, bytes) -> {
            DexFile file = DexFile.read(bytes);
            violations.addAll(ArtLimits.violations(file));
            methods.addAll(file.methods());
        });
        assertEquals(List.of(), violations, "methods past ART's limits");

        DexFile.Method largest = methods.stream().filter(m -> !m.name().equals("<clinit>")).max(Comparator.comparingInt(DexFile.Method::codeUnits)).orElseThrow();
        DexFile.Method largestBranchFree = methods.stream().filter(m -> !m.hasBranch() && !m.name().equals("<clinit>"))
                .max(Comparator.comparingInt(DexFile.Method::codeUnits)).orElseThrow();
        byte[] runtimeDex = AndroidTools.d8(runtime);

        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "D8 %s, --min-api %d, release; %d classes, %d methods with code, in %.1f s%n",
                com.android.tools.r8.Version.LABEL, AndroidTools.MIN_API, program.size(), methods.size(),
                d8Millis / 1000.0));
        report.append("largest method (class initialisers aside): ").append(largest).append('\n');
        report.append("largest branch-free method (class initialisers aside): ").append(largestBranchFree).append('\n');
        methods.stream().filter(m -> m.name().equals("<clinit>")).max(Comparator.comparingInt(DexFile.Method::codeUnits))
                .ifPresent(m -> report.append("largest class initialiser (exempt): ").append(m).append('\n'));
        report.append(String.format(Locale.ROOT, "%-60s %12s %12s%n", "classes", "class bytes", "dex bytes"));
        report.append(String.format(Locale.ROOT, "%-60s %,12d %,12d%n", "runtime (one classes.dex)",
                runtime.values().stream().mapToLong(b -> b.length).sum(), runtimeDex.length));
        samples.forEach((name, bytes) -> report.append(String.format(Locale.ROOT, "%-60s %,12d %,12d%n",
                Artifacts.className(name), bytes.length, dex.get(name).length)));
        ShippingReport.write("dex-sizes.txt", report.toString());
    }

    /** The check fails where it must: on a long straight-line method and on a huge one. */
    @Test
    void limitsCatchALongBranchFreeMethodAndAHugeMethod(@TempDir Path dir) throws IOException {
        StringBuilder source = new StringBuilder("public class Sizes {\n");
        source.append(method("shortStraight", 20, false));
        source.append(method("longStraight", 150, false));
        source.append(method("longWithLoop", 150, true));
        source.append(method("huge", 2_000, true));
        source.append("}\n");
        Files.writeString(dir.resolve("Sizes.java"), source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "--release", "8", "-Xlint:-options", "-d", dir.toString(), dir.resolve("Sizes.java").toString()));
        Map<String, byte[]> dex = AndroidTools.d8PerClass(Map.of("Sizes.class", Files.readAllBytes(dir.resolve("Sizes.class"))));

        DexFile file = DexFile.read(dex.get("Sizes.class"));
        Map<String, DexFile.Method> byName = new TreeMap<>();
        file.methods().forEach(m -> byName.put(m.name(), m));
        assertTrue(byName.get("longStraight").codeUnits() > ArtLimits.BRANCH_FREE_METHOD_CODE_UNITS, byName.toString());
        assertTrue(byName.get("longWithLoop").hasBranch() && !byName.get("longStraight").hasBranch(), byName.toString());
        List<String> violations = ArtLimits.violations(file);
        assertEquals(2, violations.size(), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("LSizes;.longStraight([F)V") && v.contains("branch-free")),
                violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("LSizes;.huge([F)V") && v.contains("huge-method")),
                violations.toString());
    }

    /** A method of {@code statements} array updates, straight or in a loop. */
    private static String method(String name, int statements, boolean loop) {
        StringBuilder m = new StringBuilder("  public static void " + name + "(float[] a) {\n");
        if (loop) {
            m.append("    for (int r = 0; r < 3; r++) {\n");
        }
        for (int i = 0; i < statements; i++) {
            m.append("      a[").append(i % 97).append("] += a[").append((i * 7 + 1) % 97).append("] * ")
                    .append(i % 5 + 2).append(".5f;\n");
        }
        if (loop) {
            m.append("    }\n");
        }
        return m.append("  }\n").toString();
    }
}
