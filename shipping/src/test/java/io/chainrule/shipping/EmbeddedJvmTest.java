package io.chainrule.shipping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chainrule.samples.digits.DigitsModel;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime and a generated model class need nothing of the JDK but {@code java.base}: jdeps
 * finds no other module in them, and the digits app runs on a runtime image that the JDK's jlink
 * builds with {@code java.base} alone, with the JIT and in the interpreter ({@code -Xint}),
 * predicting the same bits as on the full JDK. (That {@code predict} allocates nothing, with the JIT
 * and with {@code -Xint}, is measured by the samples' {@code AllocationTest}: it needs
 * {@code jdk.management}, which such an image does not have.) Writes the figures to
 * {@code target/shipping/embedded.txt}.
 */
class EmbeddedJvmTest {
    private static final Path OUT = Paths.get("target", "shipping", "jlink").toAbsolutePath();

    @Test
    void runtimeAndModelNeedOnlyJavaBase() throws IOException {
        Path app = appClasses();
        assertEquals("java.base", jdeps("--print-module-deps", Artifacts.runtime().toString()).strip());
        assertEquals("java.base", jdeps("--print-module-deps", "--class-path", Artifacts.runtime().toString(),
                app.toString()).strip());
    }

    @Test
    void digitsAppRunsOnAJavaBaseImageWithTheJitAndInTheInterpreter() throws Exception {
        ToolProvider jlink = ToolProvider.findFirst("jlink").orElse(null);
        assumeTrue(jlink != null, "this JDK has no jlink");
        Path jmods = JavaProcess.thisJavaHome().resolve("jmods");
        assumeTrue(Files.isDirectory(jmods) || Runtime.version().feature() >= 24,
                "this JDK has neither jmods/ nor (before JDK 24) another source of modules for jlink");

        Path image = OUT.resolve("java-base");
        delete(image);
        long start = System.nanoTime();
        String[] args = {"--add-modules", "java.base", "--strip-debug", "--no-header-files", "--no-man-pages",
            "--output", image.toString()};
        StringWriter log = new StringWriter();
        assertEquals(0, jlink.run(new PrintWriter(log), new PrintWriter(log), args), log.toString());
        double jlinkSeconds = (System.nanoTime() - start) / 1e9;

        JavaProcess modules = JavaProcess.run(image, List.of("--list-modules"));
        assertEquals(0, modules.exitCode(), modules.output());
        assertTrue(modules.output().strip().matches("java\\.base@[^\\s]+"), modules.output());

        String classPath = Artifacts.runtime() + File.pathSeparator + appClasses();
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "jlink --add-modules java.base --strip-debug --no-header-files --no-man-pages: %.1f MB, %.1f s%n",
                size(image) / 1e6, jlinkSeconds));
        for (List<String> mode : List.of(List.<String>of(), List.of("-Xint"))) {
            Path predictions = OUT.resolve("predictions" + String.join("", mode) + ".bin");
            List<String> command = new ArrayList<>(mode);
            command.addAll(List.of("-cp", classPath, DigitsApp.class.getName(), DigitsFixture.modelFile().toString(),
                    DigitsFixture.images().toString(), predictions.toString()));
            long t = System.nanoTime();
            JavaProcess run = JavaProcess.run(image, command);
            double seconds = (System.nanoTime() - t) / 1e9;
            assertEquals(0, run.exitCode(), run.output());
            assertArrayEquals(Files.readAllBytes(DigitsFixture.expectedPredictions()), Files.readAllBytes(predictions),
                    "predictions on the java.base image " + mode);
            report.append(String.format(Locale.ROOT, "digits app on it %s: 1797 predictions equal to the bit, %.2f s"
                    + " for the whole run%n", mode.isEmpty() ? "with the JIT" : String.join(" ", mode), seconds));
        }
        ShippingReport.write("embedded.txt", report.toString());
    }

    /** {@link DigitsApp} and the digits model's classes alone (its annotated interface and generated class), in a directory. */
    private static Path appClasses() throws IOException {
        Path dir = OUT.resolve("app");
        delete(dir);
        Map<String, byte[]> classes = Artifacts.entries(Artifacts.samples(),
                name -> name.equals(Artifacts.classFilePath(DigitsModel.class.getName()))
                        || name.equals("io/chainrule/samples/digits/Digits.class"));
        classes.putAll(Artifacts.entries(Artifacts.apps(), name -> name.equals("io/chainrule/shipping/DigitsApp.class")
                || name.equals("io/chainrule/shipping/ImagePredictions.class")));
        assertEquals(4, classes.size(), classes.keySet().toString());
        for (Map.Entry<String, byte[]> e : classes.entrySet()) {
            Path file = dir.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
        }
        return dir;
    }

    private static String jdeps(String... args) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertEquals(0, exit, out + "\n" + err);
        return out.toString();
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted((a, b) -> b.compareTo(a)).collect(Collectors.toList())) {
                    Files.delete(p);
                }
            }
        }
    }
}
