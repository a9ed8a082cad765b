package io.chainrule.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.chainrule.Activation.IDENTITY;
import static io.chainrule.Activation.LEAKY_RELU;
import static io.chainrule.Activation.RELU;
import static io.chainrule.Activation.SIGMOID;
import static io.chainrule.Activation.SOFTPLUS;
import static io.chainrule.Activation.TANH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.chainrule.Activation;
import io.chainrule.CodeShape;
import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.processor.Networks.Declaration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The derivation page ({@code <class>.html}) of networks of every kind the processor accepts:
 * it parses as XML (XHTML with MathML and SVG), it has every layer's forward and backward
 * equations (runs of alike layers once), every link names a method that holds the line it
 * names, its footprint is the class's, and the same network gives the same bytes.
 */
class DerivationPageTest {

    /** Where the tests leave the pages, for a look in a browser ({@link PageScreenshotTest}). */
    static final Path OUT = Paths.get("target", "pages");

    static Declaration xor(String name, Precision precision, CodeShape shape) {
        return new Declaration("page", name, 2, new int[] {3, 1}, new Activation[] {TANH, IDENTITY},
                Loss.SIGMOID_CROSS_ENTROPY, precision, shape);
    }

    /** 64-32-...-32-10: a first sigmoid layer, {@code residual} residual sigmoid layers of 32, softmax. */
    static Declaration deep(String name, int residual, CodeShape shape) {
        int depth = residual + 2;
        int[] units = new int[depth];
        Activation[] activations = new Activation[depth];
        int[] skips = new int[depth];
        for (int l = 0; l < depth; l++) {
            units[l] = l == depth - 1 ? 10 : 32;
            activations[l] = l == depth - 1 ? IDENTITY : SIGMOID;
            skips[l] = l == 0 || l == depth - 1 ? 0 : 1;
        }
        return new Declaration("page", name, 64, units, activations, skips, new boolean[depth],
                Loss.SOFTMAX_CROSS_ENTROPY, Precision.FLOAT, shape);
    }

    static Stream<Declaration> networks() {
        return Stream.of(
                xor("Xor", Precision.FLOAT, CodeShape.UNROLLED),
                xor("XorLoops", Precision.DOUBLE, CodeShape.LOOPS),
                new Declaration("page", "Digits", 64, new int[] {32, 10}, new Activation[] {RELU, IDENTITY},
                        Loss.SOFTMAX_CROSS_ENTROPY, Precision.FLOAT, CodeShape.AUTO),
                new Declaration("page", "Hinge", 6, new int[] {5, 4}, new Activation[] {LEAKY_RELU, IDENTITY},
                        Loss.MULTICLASS_HINGE, Precision.DOUBLE, CodeShape.AUTO),
                new Declaration("page", "Regression", 3, new int[] {9, 8, 2}, new Activation[] {SOFTPLUS, TANH, IDENTITY},
                        Loss.MEAN_SQUARED_ERROR, Precision.FLOAT, CodeShape.UNROLLED),
                // the iris_residual layout: a plain skip, a projected skip over two layers, one from the input
                new Declaration("page", "Residual", 4, new int[] {8, 8, 6, 6, 3},
                        new Activation[] {TANH, LEAKY_RELU, SOFTPLUS, SIGMOID, IDENTITY}, new int[] {0, 1, 2, 4, 0},
                        new boolean[] {false, false, true, true, false}, Loss.SIGMOID_CROSS_ENTROPY, Precision.DOUBLE,
                        CodeShape.AUTO),
                new Declaration("page", "Identity", 5, new int[] {5, 5, 3}, new Activation[] {RELU, IDENTITY, IDENTITY},
                        new int[] {1, 1, 0}, new boolean[] {true, false, false}, Loss.SOFTMAX_CROSS_ENTROPY,
                        Precision.FLOAT, CodeShape.LOOPS),
                deep("Deep", 28, CodeShape.AUTO),
                deep("DeepUnrolled", 4, CodeShape.UNROLLED));
    }

    @ParameterizedTest
    @MethodSource("networks")
    void pageIsWellFormedCompleteAndLinkedToTheSource(Declaration d) throws IOException {
        Compilation c = Networks.compile(List.of(d));
        assertThat(c).succeeded();
        String simpleName = d.name() + "Model";
        String source = Networks.generatedSource(c, d.generatedName());
        String page = Pages.page(c, d.pkg(), simpleName);
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve(simpleName + ".html"), page, StandardCharsets.UTF_8);
        Files.writeString(OUT.resolve(simpleName + ".java"), source, StandardCharsets.UTF_8);

        assertFalse(Pages.page(c, StandardLocation.CLASS_OUTPUT, d.pkg(), simpleName).isPresent(),
                "by default the page must not reach the class output (and so the jar)");
        Document doc = Pages.parse(page);
        assertEquals(Pages.XHTML, doc.getDocumentElement().getNamespaceURI());
        assertTrue(doc.getElementsByTagNameNS(Pages.MATHML, "math").getLength() > 10, "equations in MathML");
        assertEquals(1, doc.getElementsByTagNameNS(Pages.SVG, "svg").getLength(), "one SVG figure");
        assertFalse(page.contains("<script"), "no script");

        Set<String> ids = new HashSet<>();
        NodeList all = doc.getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            String id = ((Element) all.item(i)).getAttribute("id");
            if (!id.isEmpty()) {
                assertTrue(ids.add(id), "duplicate id " + id);
            }
        }
        NodeList anchors = doc.getElementsByTagNameNS(Pages.XHTML, "a");
        int links = 0;
        Set<String> methods = new HashSet<>();
        for (int i = 0; i < anchors.getLength(); i++) {
            Element a = (Element) anchors.item(i);
            if (!a.getAttribute("class").equals("src")) {
                continue;
            }
            links++;
            String method = a.getAttribute("data-method");
            int line = Integer.parseInt(a.getAttribute("data-line"));
            Pages.assertLineInMethod(source, method, line);
            assertEquals("#L" + line, a.getAttribute("href"));
            assertTrue(ids.contains("L" + line), "the appendix shows line " + line);
            assertEquals(method + ", line " + line, a.getTextContent());
            methods.add(method);
        }
        assertTrue(links > 0);

        int depth = d.units().length;
        List<int[]> runs = runs(page);
        for (int l = 1; l <= depth; l++) {
            if (inRun(runs, l)) {
                continue;
            }
            assertTrue(ids.contains("layer" + l) && ids.contains("layer" + l + "-backward"), "layer " + l + " sections");
            assertTrue(methods.contains("forward" + l), "a link into forward" + l);
            assertTrue(methods.contains("backward" + l), "a link into backward" + l);
            assertTrue(page.contains(grad("W", String.valueOf(l))), "dL/dW" + l);
            assertTrue(page.contains("<msub><mi>z</mi><mn>" + l + "</mn></msub><mo>=</mo><msub><mi>W</mi><mn>" + l
                    + "</mn></msub>"), "z" + l + " = W" + l + " ...");
        }
        for (int[] run : runs) {
            // the layers the page prints once share one method per pass in the code
            assertTrue(methods.contains("forward" + run[0] + "To" + run[1]), "a link into forward" + run[0] + "To" + run[1]);
            assertTrue(methods.contains("backward" + run[0] + "To" + run[1]), "a link into backward" + run[0] + "To" + run[1]);
            assertTrue(page.contains(grad("W", "<mi>l</mi>")));
        }
        assertTrue(methods.contains("outputLoss") && methods.contains("inputGradient"));

        Matcher footprint = Pattern.compile("FOOTPRINT_BYTES = (\\d+)L;").matcher(source);
        assertTrue(footprint.find());
        assertTrue(page.contains(String.format(Locale.ROOT, "id=\"footprint\">%,d bytes<",
                Long.parseLong(footprint.group(1)))), "the class's footprint");
        Matcher parameters = Pattern.compile("PARAMETERS = (\\d+);").matcher(source);
        assertTrue(parameters.find());
        assertTrue(page.contains(String.format(Locale.ROOT, "%,d parameters in", Long.parseLong(parameters.group(1)))));

        Compilation again = Networks.compile(List.of(d));
        assertEquals(page, Pages.page(again, d.pkg(), simpleName), "deterministic");
    }

    @Test
    void deepRunsArePrintedOnce() {
        Declaration d = deep("Deep", 28, CodeShape.AUTO);
        String page = Pages.page(Networks.compile(List.of(d)), d.pkg(), "DeepModel");
        List<int[]> runs = runs(page);
        assertEquals(2, runs.size(), "one run forward, one backward");
        for (int[] run : runs) {
            assertEquals(List.of(2, 29), Arrays.stream(run).boxed().toList());
        }
        assertFalse(page.contains("id=\"layer3\""), "layer 3 is inside the run");
        assertTrue(page.length() < 120_000, "a summary, not 30 layers: " + page.length());
        Declaration deeper = deep("Deeper", 120, CodeShape.LOOPS);
        String longer = Pages.page(Networks.compile(List.of(deeper)), deeper.pkg(), "DeeperModel");
        assertTrue(longer.length() < page.length() * 11 / 10, "the page does not grow with the depth");
    }

    @Test
    void pageOptionPutsThePageInTheClassOutputOrNowhere() {
        for (String option : new String[] {"CLASS_OUTPUT", "NONE", "GENERATED_SOURCES"}) {
            JavaFileObject f = JavaFileObjects.forSourceString("opt.Net" + option, String.join("\n",
                    "package opt;",
                    "import io.chainrule.*;",
                    "@Network(inputs = 2, layers = {@Layer(units = 3, activation = Activation.TANH),",
                    "        @Layer(units = 1, activation = Activation.IDENTITY)},",
                    "    loss = Loss.SIGMOID_CROSS_ENTROPY, page = DerivationPage." + option + ")",
                    "public interface Net" + option + " {}"));
            Compilation c = Networks.compile(f);
            assertThat(c).succeededWithoutWarnings();
            String name = "Net" + option + "Model";
            assertEquals(option.equals("CLASS_OUTPUT"),
                    Pages.page(c, StandardLocation.CLASS_OUTPUT, "opt", name).isPresent(), option);
            assertEquals(option.equals("GENERATED_SOURCES"),
                    Pages.page(c, StandardLocation.SOURCE_OUTPUT, "opt", name).isPresent(), option);
            if (option.equals("CLASS_OUTPUT")) {
                String page = Pages.page(c, StandardLocation.CLASS_OUTPUT, "opt", name).orElseThrow();
                assertFalse(page.contains("href=\"" + name + ".java\""), "no link to a source that is not beside it");
            }
        }
    }

    /** {@code ∂L/∂<symbol>_<index>} as the page writes it. */
    private static String grad(String symbol, String index) {
        String sub = index.startsWith("<") ? index : "<mn>" + index + "</mn>";
        return "<mrow><mo form=\"prefix\" lspace=\"0\" rspace=\"0\">∂</mo><msub><mi>" + symbol + "</mi>" + sub
                + "</msub></mrow></mfrac>";
    }

    /** The runs {first, last} the page prints once, from their headings. */
    private static List<int[]> runs(String page) {
        List<int[]> runs = new ArrayList<>();
        Matcher m = Pattern.compile("<h3>Layers (\\d+) to (\\d+) ").matcher(page);
        while (m.find()) {
            runs.add(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
        }
        return runs;
    }

    private static boolean inRun(List<int[]> runs, int l) {
        for (int[] run : runs) {
            if (l >= run[0] && l <= run[1]) {
                return true;
            }
        }
        return false;
    }
}
