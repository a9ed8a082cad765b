package io.chainrule.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The complete generated source of the XOR network (2-3-1, tanh, sigmoid cross-entropy) in both
 * code shapes, compared as exact text with the reviewed files in {@code src/test/resources/golden}
 * (named {@code .java.txt} so that javac never finds them on the class path as sources):
 * the comments are part of the product, so nothing is normalised away. After an intended change
 * to the generator, run with {@code -Dgolden.update=true} and review the diff of the golden files.
 * The derivation pages of the same networks are golden files too ({@code .html}, beside them), and
 * so is the source of a wider network, for the batched path's code that only larger layers get, and
 * of a network with a run of alike layers, which share their methods.
 */
class GoldenFileTest {

    @ParameterizedTest
    @CsvSource({"XorUnrolled, UNROLLED, FLOAT", "XorLoops, LOOPS, DOUBLE"})
    void generatedSourceEqualsTheGoldenFile(String name, String shape, String precision) throws IOException {
        assertSourceEqualsTheGoldenFile(name, xor(name, shape, precision));
    }

    /**
     * A network wide enough for the batched path's other code: its first two layers' products are
     * calls of the runtime's {@code Products} (at least 1,024 multiply-adds per example over 16 or
     * more columns), and its second layer passes dL/dh down through a transposed copy of W (at least
     * 4,096 multiply-adds from the second layer on), which the XOR networks are too small for.
     */
    @Test
    void generatedSourceOfAWiderNetworkEqualsTheGoldenFile() throws IOException {
        assertSourceEqualsTheGoldenFile("Wide", network("Wide", 32, "SOFTMAX_CROSS_ENTROPY", "FLOAT", "LOOPS",
                "@Layer(units = 64, activation = Activation.RELU)",
                "@Layer(units = 64, activation = Activation.TANH)",
                "@Layer(units = 3, activation = Activation.IDENTITY)"));
    }

    /**
     * A residual network whose layers 2 .. 4 are alike, so that every pass has a method the three
     * share ({@code forward2To4(w3, b3, ...)}), written with names relative to the layer.
     */
    @Test
    void generatedSourceOfARunOfAlikeLayersEqualsTheGoldenFile() throws IOException {
        assertSourceEqualsTheGoldenFile("Run", network("Run", 2, "SOFTMAX_CROSS_ENTROPY", "FLOAT", "LOOPS",
                "@Layer(units = 4, activation = Activation.TANH)",
                "@Layer(units = 4, activation = Activation.TANH, skip = 1, repeat = 3)",
                "@Layer(units = 2, activation = Activation.IDENTITY)"));
    }

    /** The derivation page of the same networks, {@code XorUnrolledModel.html} and {@code XorLoopsModel.html}. */
    @ParameterizedTest
    @CsvSource({"XorUnrolled, UNROLLED, FLOAT", "XorLoops, LOOPS, DOUBLE"})
    void derivationPageEqualsTheGoldenFile(String name, String shape, String precision) throws IOException {
        Compilation compilation = Networks.compile(xor(name, shape, precision));
        assertThat(compilation).succeededWithoutWarnings();
        String actual = Pages.page(compilation, "golden", name + "Model")
                .replace("Chainrule " + NetworkProcessor.VERSION, "Chainrule VERSION");
        compare("golden/" + name + "Model.html", actual);
    }

    /** Compiles {@code source} (interface {@code golden.<name>}) and compares {@code <name>Model}'s source with its golden file. */
    private static void assertSourceEqualsTheGoldenFile(String name, JavaFileObject source) throws IOException {
        Compilation compilation = Networks.compile(source);
        assertThat(compilation).succeededWithoutWarnings();
        String actual = compilation.generatedSourceFile("golden." + name + "Model").orElseThrow()
                .getCharContent(false).toString()
                .replace("Chainrule " + NetworkProcessor.VERSION, "Chainrule VERSION");
        compare("golden/" + name + "Model.java.txt", actual);
    }

    private static void compare(String file, String actual) throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            Path path = Paths.get("src/test/resources", file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, actual, UTF_8);
        }
        try (InputStream expected = GoldenFileTest.class.getClassLoader().getResourceAsStream(file)) {
            assertEquals(expected == null ? "(missing " + file + ")" : new String(expected.readAllBytes(), UTF_8), actual);
        }
    }

    /** The XOR network, 2-3-1, tanh, sigmoid cross-entropy, as {@code golden.<name>}. */
    static JavaFileObject xor(String name, String shape, String precision) {
        return network(name, 2, "SIGMOID_CROSS_ENTROPY", precision, shape,
                "@Layer(units = 3, activation = Activation.TANH)",
                "@Layer(units = 1, activation = Activation.IDENTITY)");
    }

    /** {@code @Network} interface {@code golden.<name>} with these {@code @Layer}s, loss, precision and shape. */
    private static JavaFileObject network(String name, int inputs, String loss, String precision, String shape,
            String... layers) {
        return JavaFileObjects.forSourceString("golden." + name, String.join("\n",
                "package golden;",
                "",
                "import io.chainrule.*;",
                "",
                "@Network(",
                "        inputs = " + inputs + ",",
                "        layers = {",
                "            " + String.join(",\n            ", layers),
                "        },",
                "        loss = Loss." + loss + ",",
                "        precision = Precision." + precision + ",",
                "        shape = CodeShape." + shape + ")",
                "public interface " + name + " {",
                "}",
                ""));
    }
}
