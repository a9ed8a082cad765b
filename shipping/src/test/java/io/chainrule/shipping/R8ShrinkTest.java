package io.chainrule.shipping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.android.tools.r8.Version;
import io.chainrule.samples.digits.DigitsEmbeddedModel;
import io.chainrule.samples.digits.DigitsModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * R8 in full mode shrinks the tiny apps with no keep rules but the runtime's own consumer rules
 * (found in the runtime jar as the Android Gradle plugin finds them) and the app's entry point
 * (which an Android build derives from the manifest), and the shrunk apps, written as class files,
 * compute on the JVM exactly what the unshrunk ones do. Writes the sizes to
 * {@code target/shipping/r8-sizes.txt}.
 */
class R8ShrinkTest {
    private static final Path OUT = Paths.get("target", "shipping", "r8").toAbsolutePath();

    /**
     * The dex budget of a digits model class in a shrunk app: 20 KB, the figure set for the digits
     * inference class with its weights compiled in, measured as the class R8 left, dexed alone
     * (weights included). The training class, whose weights come from the model file, must fit too.
     */
    static final int DIGITS_MODEL_DEX_BUDGET = 20 * 1024;

    @Test
    void shrunkDigitsAppPredictsTheSameBits() throws Exception {
        assertShrunkAppPredictsTheSameBits(DigitsApp.class, "digits-app", DigitsModel.class, DIGITS_MODEL_DEX_BUDGET,
                DigitsFixture.expectedPredictions(), DigitsFixture.modelFile().toString());
    }

    @Test
    void shrunkAppWithCompiledInWeightsPredictsTheSameBitsWithinTheBudget() throws Exception {
        String weights = DigitsEmbeddedModel.WEIGHTS;
        Map<String, byte[]> file = Artifacts.entries(Artifacts.samples(), name -> name.equals(weights));
        assertEquals(1, file.size(), weights + " not in " + Artifacts.samples());
        Path model = DigitsFixture.DIR.resolve("compiled-in.chrl");
        Files.createDirectories(model.getParent());
        Files.write(model, file.get(weights));
        assertShrunkAppPredictsTheSameBits(DigitsEmbeddedApp.class, "digits-embedded-app", DigitsEmbeddedModel.class,
                DIGITS_MODEL_DEX_BUDGET, DigitsFixture.predictions(model, "compiled-in-expected-predictions"));
    }

    /**
     * Shrinks {@code app} to class files, runs it in a JVM of its own on the 1797 digit images with
     * {@code arguments} before the input and output files, and compares its output with
     * {@code expected} (the unshrunk {@link DigitsApp}'s, from {@link DigitsFixture}) to the bit;
     * then shrinks it to dex, checks ART's limits, reports the sizes and holds {@code model}'s share
     * (the class R8 left, dexed alone) to {@code modelDexBudget}.
     */
    private static void assertShrunkAppPredictsTheSameBits(Class<?> app, String name, Class<?> model, int modelDexBudget,
            Path expected, String... arguments) throws Exception {
        AndroidTools.Shrunk shrunk = shrinkToClassFiles(app, name, true);
        Path classes = OUT.resolve(name);
        Path actual = OUT.resolve(name + "-predictions.bin");
        List<String> command = new ArrayList<>(List.of("-cp", classes.toString(), app.getName()));
        command.addAll(List.of(arguments));
        command.addAll(List.of(DigitsFixture.images().toString(), actual.toString()));
        JavaProcess run = JavaProcess.run(JavaProcess.thisJavaHome(), command);
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().startsWith("predicted 1797 images"), run.output());
        assertEquals(1797 * 10 * 4, Files.size(actual));
        assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(actual), "the shrunk app's probabilities");

        AndroidTools.Shrunk dex = AndroidTools.r8(program(), rules(app, true), false);
        assertEquals(List.of(), ArtLimits.violations(DexFile.read(dex.dex())), "the shrunk app's dex within ART's limits");
        Map<String, Integer> sizes = report(name, dex, AndroidTools.d8PerClass(shrunk.classFiles()));
        Integer modelDex = sizes.get(model.getName());
        assertTrue(modelDex != null, model.getName() + " is not a class of the shrunk app: " + sizes.keySet());
        assertTrue(modelDex <= modelDexBudget, name + ": " + model.getName() + " is " + modelDex
                + " bytes of dex after R8, over the budget of " + modelDexBudget);
    }

    @Test
    void parallelTrainingKeepsTheModelConstructorThroughTheConsumerRules() throws Exception {
        Path expected = OUT.resolve("threaded-expected.chrl");
        Files.createDirectories(OUT);
        ThreadedTrainingApp.main(new String[] {DigitsFixture.trainingData().toString(), expected.toString(), "16"});

        Path classes = OUT.resolve("threaded-app");
        shrinkToClassFiles(ThreadedTrainingApp.class, "threaded-app", true);
        Path actual = OUT.resolve("threaded-shrunk.chrl");
        JavaProcess run = JavaProcess.run(JavaProcess.thisJavaHome(), List.of("-cp", classes.toString(),
                ThreadedTrainingApp.class.getName(), DigitsFixture.trainingData().toString(), actual.toString(), "16"));
        assertEquals(0, run.exitCode(), run.output());
        assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(actual), "the model file trained by the shrunk app");

        // Without the runtime's rules R8 removes the constructor the worker threads need.
        Path bare = OUT.resolve("threaded-app-without-rules");
        shrinkToClassFiles(ThreadedTrainingApp.class, "threaded-app-without-rules", false);
        JavaProcess failed = JavaProcess.run(JavaProcess.thisJavaHome(), List.of("-cp", bare.toString(),
                ThreadedTrainingApp.class.getName(), DigitsFixture.trainingData().toString(),
                OUT.resolve("threaded-bare.chrl").toString(), "16"));
        assertNotEquals(0, failed.exitCode(), failed.output());
        assertTrue(failed.output().contains("public no-argument constructor failed"), failed.output());
    }

    @Test
    void theSameRulesStandWhereR8AndProGuardLookForThem() {
        Map<String, String> all = ConsumerRules.all(Artifacts.runtime());
        String name = "io.chainrule_chainrule-runtime.pro";
        assertEquals(List.of("META-INF/com.android.tools/proguard/" + name, "META-INF/com.android.tools/r8/" + name,
                "META-INF/proguard/" + name), new ArrayList<>(all.keySet()), "rules files of " + Artifacts.runtime());
        assertEquals(1, all.values().stream().distinct().count(), "the three files differ");
        assertEquals(List.of("META-INF/com.android.tools/r8/" + name),
                new ArrayList<>(ConsumerRules.forR8(Artifacts.runtime(), Version.LABEL).keySet()));
        assertTrue(all.values().iterator().next().contains("-keepclassmembers class * implements io.chainrule.Model"));

        assertTrue(ConsumerRules.appliesTo("r8", "8.5.35"));
        assertTrue(ConsumerRules.appliesTo("r8-from-8.5.4", "8.5.35"));
        assertFalse(ConsumerRules.appliesTo("r8-from-8.6.0", "8.5.35"));
        assertTrue(ConsumerRules.appliesTo("r8-upto-9.0.0", "8.5.35"));
        assertFalse(ConsumerRules.appliesTo("r8-upto-8.5.35", "8.5.35"));
        assertTrue(ConsumerRules.appliesTo("r8-from-1.6.0-upto-9.0.0", "8.5.35-dev"));
        assertFalse(ConsumerRules.appliesTo("proguard", "8.5.35"));
    }

    /**
     * What an app build would give R8: the whole runtime jar, the app's own classes and the models
     * generated in it (the digits package: {@code DigitsModel} and {@code DigitsHingeModel}, which
     * the apps do not use), and both tiny apps, of which only the one kept stays.
     */
    private static Map<String, byte[]> program() {
        Map<String, byte[]> program = new TreeMap<>(Artifacts.classes(Artifacts.runtime()));
        program.putAll(Artifacts.entries(Artifacts.samples(), name -> name.startsWith("io/chainrule/samples/digits/")
                && name.endsWith(".class")));
        program.putAll(Artifacts.entries(Artifacts.apps(), name -> name.endsWith(".class")));
        return program;
    }

    /** The app's entry point, and the runtime's consumer rules unless {@code withConsumerRules} is false. */
    private static Map<String, String> rules(Class<?> app, boolean withConsumerRules) {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("app-entry-point.pro", "-keep class " + app.getName() + " {\n"
                + "    public static void main(java.lang.String[]);\n}\n");
        if (withConsumerRules) {
            Map<String, String> consumer = ConsumerRules.forR8(Artifacts.runtime(), Version.LABEL);
            assertFalse(consumer.isEmpty(), "no consumer rules in " + Artifacts.runtime());
            rules.putAll(consumer);
        }
        return rules;
    }

    /** R8's class files of {@code app}, also written under {@code target/shipping/r8/NAME}. */
    private static AndroidTools.Shrunk shrinkToClassFiles(Class<?> app, String name, boolean withConsumerRules) throws IOException {
        AndroidTools.Shrunk shrunk = AndroidTools.r8(program(), rules(app, withConsumerRules), true);
        Path dir = OUT.resolve(name);
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted((a, b) -> b.compareTo(a)).collect(Collectors.toList())) {
                    Files.delete(p);
                }
            }
        }
        for (Map.Entry<String, byte[]> e : shrunk.classFiles().entrySet()) {
            Path file = dir.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
        }
        assertTrue(shrunk.classFiles().containsKey(Artifacts.classFilePath(app.getName())), shrunk.classFiles().keySet().toString());
        return shrunk;
    }

    /**
     * Reports the size of the app's dex, and of each class R8 kept (by its original name), as R8
     * left it in class files and then dexed alone ({@code perClassDex}), with its own string and
     * type tables: a class's share of the app, weights and all.
     */
    private static Map<String, Integer> report(String name, AndroidTools.Shrunk dex, Map<String, byte[]> perClassDex) {
        Map<String, String> original = new TreeMap<>();
        for (String line : dex.mapping().split("\n")) {
            if (!line.startsWith(" ") && !line.startsWith("#") && line.endsWith(":") && line.contains(" -> ")) {
                String[] parts = line.substring(0, line.length() - 1).split(" -> ");
                original.put(parts[1], parts[0]);
            }
        }
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "%s: R8 %s full mode, --min-api %d: %,d bytes of dex; each kept class as R8 left it, dexed alone:%n",
                name, Version.LABEL, AndroidTools.MIN_API, dex.dex().length));
        Map<String, Integer> sizes = new TreeMap<>();
        perClassDex.forEach((path, bytes) -> {
            String className = Artifacts.className(path);
            sizes.put(original.getOrDefault(className, className), bytes.length);
        });
        sizes.forEach((className, bytes) -> s.append(String.format(Locale.ROOT, "  %-60s %,8d%n", className, bytes)));
        ShippingReport.append("r8-sizes.txt", s.toString());
        return sizes;
    }
}
