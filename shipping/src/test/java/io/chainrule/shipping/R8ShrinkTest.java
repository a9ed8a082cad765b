package io.chainrule.shipping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.android.tools.r8.Version;
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
     * The dex budget of a shrunk app that predicts the digits: 20 KB, the figure set for the digits
     * inference class with its weights compiled in, for the whole app (model class, the runtime
     * classes it uses and the app). The training class's app reads its weights from the model file
     * and must fit too.
     */
    static final int DIGITS_APP_DEX_BUDGET = 20 * 1024;

    @Test
    void shrunkDigitsAppPredictsTheSameBits() throws Exception {
        assertShrunkAppPredictsTheSameBits(DigitsApp.class, "digits-app", DIGITS_APP_DEX_BUDGET,
                DigitsFixture.expectedPredictions(), DigitsFixture.modelFile().toString());
    }

    /**
     * Shrinks {@code app} to class files, runs it in a JVM of its own on the 1797 digit images with
     * {@code arguments} before the input and output files, and compares its output with
     * {@code expected} (the unshrunk {@link DigitsApp}'s, from {@link DigitsFixture}) to the bit;
     * then shrinks it to dex, checks ART's limits and {@code dexBudget}, and reports the size.
     */
    private static void assertShrunkAppPredictsTheSameBits(Class<?> app, String name, int dexBudget, Path expected,
            String... arguments) throws Exception {
        Path classes = shrinkToClassFiles(app, name, true);
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
        report(name, dex);
        assertTrue(dex.dex().length <= dexBudget, name + ": " + dex.dex().length + " bytes of dex, over the budget of "
                + dexBudget);
    }

    @Test
    void parallelTrainingKeepsTheModelConstructorThroughTheConsumerRules() throws Exception {
        Path expected = OUT.resolve("threaded-expected.chrl");
        Files.createDirectories(OUT);
        ThreadedTrainingApp.main(new String[] {DigitsFixture.trainingData().toString(), expected.toString(), "16"});

        Path classes = shrinkToClassFiles(ThreadedTrainingApp.class, "threaded-app", true);
        Path actual = OUT.resolve("threaded-shrunk.chrl");
        JavaProcess run = JavaProcess.run(JavaProcess.thisJavaHome(), List.of("-cp", classes.toString(),
                ThreadedTrainingApp.class.getName(), DigitsFixture.trainingData().toString(), actual.toString(), "16"));
        assertEquals(0, run.exitCode(), run.output());
        assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(actual), "the model file trained by the shrunk app");

        // Without the runtime's rules R8 removes the constructor the worker threads need.
        Path bare = shrinkToClassFiles(ThreadedTrainingApp.class, "threaded-app-without-rules", false);
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

    /** R8's class files of {@code app}, written under {@code target/shipping/r8/NAME}. */
    private static Path shrinkToClassFiles(Class<?> app, String name, boolean withConsumerRules) throws IOException {
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
        return dir;
    }

    private static void report(String name, AndroidTools.Shrunk dex) {
        Map<String, String> obfuscated = new TreeMap<>();
        for (String line : dex.mapping().split("\n")) {
            if (!line.startsWith(" ") && !line.startsWith("#") && line.endsWith(":") && line.contains(" -> ")) {
                String[] parts = line.substring(0, line.length() - 1).split(" -> ");
                obfuscated.put(parts[0], parts[1]);
            }
        }
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "%s: R8 %s full mode, --min-api %d: %,d bytes of dex, %d classes: %s%n", name, Version.LABEL,
                AndroidTools.MIN_API, dex.dex().length, obfuscated.size(), obfuscated.keySet()));
        ShippingReport.append("r8-sizes.txt", s.toString());
    }
}
