package io.chainrule.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import io.chainrule.DoublePredictor;
import io.chainrule.FloatPredictor;
import io.chainrule.Predictor;
import io.chainrule.data.FeatureScaler;
import io.chainrule.data.Scaler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The complete generated source of the XOR network's inference class, compared as exact text with
 * the reviewed files in {@code src/test/resources/golden}: in UNROLLED float with its parameters
 * loaded at run time, and in LOOPS double with a model file compiled in (fixed parameters, among
 * them -0.0 and a subnormal, and a min-max scaler). After an intended change to the generator, run
 * with {@code -Dgolden.update=true} and review the diff of the golden files.
 */
class InferenceGoldenFileTest {
    /** Each test's resources, deleted after it. */
    @TempDir
    Path temp;

    @ParameterizedTest
    @CsvSource({"XorUnrolled, UNROLLED, FLOAT, XorUnrolledInference, ''",
        "XorLoops, LOOPS, DOUBLE, XorLoopsEmbedded, models/xor-loops.chrl"})
    void generatedSourceEqualsTheGoldenFile(String network, String shape, String precision, String name,
            String weights) throws IOException {
        JavaFileObject source = GoldenFileTest.xor(network, shape, precision);
        Path resources = Files.createTempDirectory(temp, "golden");
        if (!weights.isEmpty()) {
            Compilation training = Networks.compile(source);
            Predictor model = new CompiledClasses(training).newInstance("golden." + network + "Model", Predictor.class);
            Inferences.write(resources, weights, Inferences.save(model, fixedParameters(model)));
        }
        JavaFileObject inference = Inferences.source("golden", name, network, weights,
                precision.equals("FLOAT") ? "FloatPredictor" : "DoublePredictor");
        Compilation compilation = Inferences.compile(resources, List.of(source, inference));
        assertThat(compilation).succeededWithoutWarnings();
        String actual = compilation.generatedSourceFile("golden." + name + "Model").orElseThrow()
                .getCharContent(false).toString()
                .replace("Chainrule " + NetworkProcessor.VERSION, "Chainrule VERSION");
        String file = "golden/" + name + "Model.java.txt";
        if (Boolean.getBoolean("golden.update")) {
            Path path = Paths.get("src/test/resources", file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, actual, UTF_8);
        }
        try (InputStream expected = InferenceGoldenFileTest.class.getClassLoader().getResourceAsStream(file)) {
            assertEquals(expected == null ? "(missing " + file + ")" : new String(expected.readAllBytes(), UTF_8), actual);
        }
    }

    /** Sets the parameters to (k - 6) / 4 for k = 0, 1, ..., with -0.0 and a subnormal among them; returns a scaler. */
    private static Scaler fixedParameters(Predictor model) {
        int k = 0;
        if (model instanceof DoublePredictor d) {
            for (double[] array : d.parameterArrays()) {
                for (int i = 0; i < array.length; i++, k++) {
                    array[i] = k == 3 ? -0.0 : k == 5 ? Double.MIN_VALUE : (k - 6) / 4.0;
                }
            }
        } else {
            for (float[] array : ((FloatPredictor) model).parameterArrays()) {
                for (int i = 0; i < array.length; i++, k++) {
                    array[i] = k == 3 ? -0f : k == 5 ? Float.MIN_VALUE : (k - 6) / 4f;
                }
            }
        }
        return FeatureScaler.of(FeatureScaler.Kind.MIN_MAX, new double[] {0, -1}, new double[] {1, 2});
    }
}
