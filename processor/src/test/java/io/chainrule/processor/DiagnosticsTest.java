package io.chainrule.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.chainrule.Loss;
import io.chainrule.processor.read.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every compile-time error and warning: its message, and the line it is reported on. */
class DiagnosticsTest {
    /** Each test's output folder, deleted after it. */
    @TempDir
    Path temp;

    private static JavaFileObject source(String name, String... lines) {
        return JavaFileObjects.forSourceString("bad." + name,
                "package bad;\n\nimport io.chainrule.*;\n\n" + String.join("\n", lines) + "\n");
    }

    /**
     * {@code @Network} with the given members on {@code public interface name}; a member line that
     * ends with a comma continues on the next one.
     */
    private static JavaFileObject network(String name, String... members) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < members.length; i++) {
            body.append(members[i]);
            if (i < members.length - 1) {
                body.append(members[i].endsWith(",") ? "\n" : ",\n");
            }
        }
        return source(name, "@Network(", body + ")", "public interface " + name + " extends FloatModel {", "}");
    }

    private static final String TWO_LAYERS = String.join("\n",
            "    layers = {@Layer(units = 4, activation = Activation.RELU),",
            "              @Layer(units = 3, activation = Activation.IDENTITY)}");

    @Test
    void noLayers() {
        JavaFileObject f = network("NoLayers", "    inputs = 2", "    layers = {}", "    loss = Loss.SOFTMAX_CROSS_ENTROPY");
        Compilation c = Networks.compile(f);
        assertThat(c).hadErrorContaining(Messages.NO_LAYERS).inFile(f).onLineContaining("layers = {}");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void nonPositiveInputs() {
        JavaFileObject f = network("NoInputs", "    inputs = 0", TWO_LAYERS, "    loss = Loss.SOFTMAX_CROSS_ENTROPY");
        assertThat(Networks.compile(f)).hadErrorContaining(Messages.nonPositiveInputs(0)).inFile(f)
                .onLineContaining("inputs = 0");
    }

    @Test
    void nonPositiveUnits() {
        JavaFileObject f = network("NoUnits", "    inputs = 2",
                "    layers = {@Layer(units = 4, activation = Activation.RELU),",
                "              @Layer(units = -3, activation = Activation.IDENTITY)}",
                "    loss = Loss.SOFTMAX_CROSS_ENTROPY");
        assertThat(Networks.compile(f)).hadErrorContaining(Messages.nonPositiveUnits(2, -3)).inFile(f)
                .onLineContaining("units = -3");
    }

    @Test
    void tooLargeToUnroll() {
        JavaFileObject f = network("Huge", "    inputs = 784",
                "    layers = {@Layer(units = 128, activation = Activation.RELU),",
                "              @Layer(units = 10, activation = Activation.IDENTITY)}",
                "    loss = Loss.SOFTMAX_CROSS_ENTROPY", "    shape = CodeShape.UNROLLED");
        Compilation c = Networks.compile(f);
        assertThat(c).hadErrorContaining(Messages.tooLargeToUnroll(1, 784, 128, 0, 784L * 128)).inFile(f)
                .onLineContaining("units = 128");
        assertThat(c).hadErrorContaining("at most 16,384 per layer");
    }

    @Test
    void tooLargeToUnrollAsAWhole() {
        JavaFileObject f = network("Long", "    inputs = 16",
                "    layers = {@Layer(units = 16, activation = Activation.RELU, skip = 1, repeat = 300),",
                "              @Layer(units = 10, activation = Activation.IDENTITY)}",
                "    loss = Loss.SOFTMAX_CROSS_ENTROPY", "    shape = CodeShape.UNROLLED");
        assertThat(Networks.compile(f)).hadErrorContaining(Messages.tooLargeToUnrollNetwork(300 * 256 + 160))
                .inFile(f).onLineContaining("shape = CodeShape.UNROLLED");
    }

    @Test
    void tooManyParameters() {
        JavaFileObject f = network("Giant", "    inputs = 100000",
                "    layers = {@Layer(units = 100000, activation = Activation.RELU),",
                "              @Layer(units = 10, activation = Activation.IDENTITY)}",
                "    loss = Loss.SOFTMAX_CROSS_ENTROPY");
        assertThat(Networks.compile(f)).hadErrorContaining("this network has 10,001,100,010 parameters; Chainrule supports at most 2,147,483,639")
                .inFile(f).onLineContaining("layers = {");
    }

    @Test
    void tooManyLayers() {
        JavaFileObject f = network("Deep", "    inputs = 2",
                "    layers = {@Layer(units = 2, activation = Activation.RELU, repeat = 2000),",
                "              @Layer(units = 2, activation = Activation.IDENTITY)}",
                "    loss = Loss.SOFTMAX_CROSS_ENTROPY");
        assertThat(Networks.compile(f)).hadErrorContaining(Messages.tooManyLayers(2001)).inFile(f)
                .onLineContaining("layers = {");
    }

    @Test
    void residualConnectionErrors() {
        JavaFileObject f = network("Residual", "    inputs = 3",
                "    layers = {@Layer(units = 4, activation = Activation.RELU, skip = -1),",
                "              @Layer(units = 4, activation = Activation.RELU, skip = 3),",
                "              @Layer(units = 5, activation = Activation.RELU, skip = 1),",
                "              @Layer(units = 5, activation = Activation.RELU, projection = true),",
                "              @Layer(units = 5, activation = Activation.RELU, repeat = 0),",
                "              @Layer(units = 3, activation = Activation.IDENTITY)}",
                "    loss = Loss.SOFTMAX_CROSS_ENTROPY");
        Compilation c = Networks.compile(f);
        assertThat(c).hadErrorContaining(Messages.negativeSkip(1, -1)).inFile(f).onLineContaining("skip = -1");
        assertThat(c).hadErrorContaining(Messages.skipBeforeInput(2, 3)).inFile(f).onLineContaining("skip = 3");
        assertThat(c).hadErrorContaining(Messages.skipWidthMismatch(3, 5, 2, 4)).inFile(f).onLineContaining("skip = 1");
        assertThat(c).hadErrorContaining("set projection = true to learn a 4 x 5 projection");
        assertThat(c).hadErrorContaining(Messages.projectionWithoutSkip(4)).inFile(f)
                .onLineContaining("projection = true");
        assertThat(c).hadErrorContaining(Messages.nonPositiveRepeat(0)).inFile(f).onLineContaining("repeat = 0");
        assertThat(c).hadErrorCount(5);
    }

    @Test
    void residualLayersWithMatchingWidthsOrProjectionsCompile() {
        JavaFileObject f = network("Deep", "    inputs = 3",
                "    layers = {@Layer(units = 4, activation = Activation.RELU, skip = 1, projection = true),",
                "              @Layer(units = 4, activation = Activation.TANH, skip = 1, repeat = 10),",
                "              @Layer(units = 4, activation = Activation.IDENTITY, skip = 2)}",
                "    loss = Loss.SOFTMAX_CROSS_ENTROPY");
        assertThat(Networks.compile(f)).succeededWithoutWarnings();
    }

    @Test
    void softmaxAndHingeNeedTwoOutputs() {
        for (Loss loss : new Loss[] {Loss.SOFTMAX_CROSS_ENTROPY, Loss.MULTICLASS_HINGE}) {
            JavaFileObject f = network("One" + loss.ordinal(), "    inputs = 2",
                    "    layers = {@Layer(units = 4, activation = Activation.RELU),",
                    "              @Layer(units = 1, activation = Activation.IDENTITY)}",
                    "    loss = Loss." + loss.name());
            assertThat(Networks.compile(f)).hadErrorContaining(Messages.needsTwoOutputs(loss)).inFile(f)
                    .onLineContaining("loss = Loss.");
        }
    }

    @Test
    void sigmoidBeforeSigmoidCrossEntropy() {
        JavaFileObject f = network("Twice", "    inputs = 2",
                "    layers = {@Layer(units = 4, activation = Activation.RELU),",
                "              @Layer(units = 1, activation = Activation.SIGMOID)}",
                "    loss = Loss.SIGMOID_CROSS_ENTROPY");
        assertThat(Networks.compile(f)).hadErrorContaining(Messages.activationAlreadyApplied(Loss.SIGMOID_CROSS_ENTROPY))
                .inFile(f).onLineContaining("activation = Activation.SIGMOID");
    }

    private static void elementError(String message, String declarationLine, String... body) {
        String[] lines = new String[body.length + 4];
        lines[0] = "@Network(inputs = 2, loss = Loss.SOFTMAX_CROSS_ENTROPY,";
        lines[1] = TWO_LAYERS + ")";
        lines[2] = declarationLine;
        System.arraycopy(body, 0, lines, 3, body.length);
        lines[lines.length - 1] = "}";
        JavaFileObject f = source("Bad", lines);
        assertThat(Networks.compile(f)).hadErrorContaining(message).inFile(f).onLineContaining(declarationLine.trim());
    }

    @Test
    void finalClass() {
        elementError(Messages.FINAL_CLASS, "public final class Bad implements FloatModel {");
    }

    @Test
    void concreteClass() {
        elementError(Messages.NOT_INTERFACE_OR_ABSTRACT_CLASS, "public class Bad {");
    }

    @Test
    void enumType() {
        elementError(Messages.ENUM, "public enum Bad { A;");
    }

    @Test
    void genericType() {
        elementError(Messages.GENERIC, "public interface Bad<T> extends FloatModel {");
    }

    @Test
    void abstractClassWithoutNoArgumentConstructor() {
        elementError(Messages.NO_CONSTRUCTOR, "public abstract class Bad implements FloatModel {",
                "    protected Bad(int size) {}");
    }

    @Test
    void innerClassAndPrivateType() {
        JavaFileObject f = source("Outer", "public class Outer {",
                "    @Network(inputs = 2, loss = Loss.SOFTMAX_CROSS_ENTROPY,", TWO_LAYERS + ")",
                "    public abstract class Inner implements FloatModel {}",
                "    @Network(inputs = 2, loss = Loss.SOFTMAX_CROSS_ENTROPY,", TWO_LAYERS + ")",
                "    private interface Hidden extends FloatModel {}",
                "}");
        Compilation c = Networks.compile(f);
        assertThat(c).hadErrorContaining(Messages.INNER_CLASS).inFile(f).onLineContaining("class Inner");
        assertThat(c).hadErrorContaining(Messages.PRIVATE).inFile(f).onLineContaining("interface Hidden");
    }

    @Test
    void abstractMethodThatCannotBeGenerated() {
        JavaFileObject f = source("Scored", "@Network(inputs = 2, loss = Loss.SOFTMAX_CROSS_ENTROPY,", TWO_LAYERS + ")",
                "public interface Scored extends FloatModel {", "    double score();", "}");
        assertThat(Networks.compile(f)).hadErrorContaining(Messages.abstractMethod("score()", "FloatModel"))
                .inFile(f).onLineContaining("double score();");
    }

    @Test
    void interfaceOfTheOtherPrecision() {
        elementError(Messages.wrongPrecisionInterface("DoubleModel", "FLOAT"),
                "public interface Bad extends DoubleModel {");
    }

    @Test
    void generatedNameClashesWithAnExistingType() {
        JavaFileObject existing = JavaFileObjects.forSourceString("bad.Taken", "package bad;\npublic class Taken {}\n");
        JavaFileObject f = network("Clash", "    inputs = 2", TWO_LAYERS, "    loss = Loss.SOFTMAX_CROSS_ENTROPY",
                "    name = \"Taken\"");
        assertThat(Networks.compile(existing, f)).hadErrorContaining(Messages.nameClash("bad.Taken")).inFile(f)
                .onLineContaining("name = \"Taken\"");
    }

    @Test
    void twoNetworksClaimingOneName() {
        JavaFileObject a = network("A", "    inputs = 2", TWO_LAYERS, "    loss = Loss.SOFTMAX_CROSS_ENTROPY",
                "    name = \"Same\"");
        JavaFileObject b = network("B", "    inputs = 2", TWO_LAYERS, "    loss = Loss.SOFTMAX_CROSS_ENTROPY",
                "    name = \"Same\"");
        Compilation c = Networks.compile(a, b);
        assertThat(c).hadErrorContaining(Messages.nameClash("bad.Same")).inFile(b).onLineContaining("name = \"Same\"");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void invalidName() {
        JavaFileObject f = network("Named", "    inputs = 2", TWO_LAYERS, "    loss = Loss.SOFTMAX_CROSS_ENTROPY",
                "    name = \"not a name\"");
        assertThat(Networks.compile(f)).hadErrorContaining(Messages.invalidName("not a name")).inFile(f)
                .onLineContaining("name = \"not a name\"");
    }

    @Test
    void allProblemsOfOneDeclarationAreReportedTogether() {
        JavaFileObject f = network("Many", "    inputs = -1",
                "    layers = {@Layer(units = 0, activation = Activation.RELU),",
                "              @Layer(units = 1, activation = Activation.IDENTITY)}",
                "    loss = Loss.MULTICLASS_HINGE");
        Compilation c = Networks.compile(f);
        assertThat(c).hadErrorContaining(Messages.nonPositiveInputs(-1));
        assertThat(c).hadErrorContaining(Messages.nonPositiveUnits(1, 0));
        assertThat(c).hadErrorContaining(Messages.needsTwoOutputs(Loss.MULTICLASS_HINGE));
        assertThat(c).hadErrorCount(3);
    }

    @Test
    void oneBadNetworkDoesNotStopTheOthers() throws IOException {
        JavaFileObject bad = network("Broken", "    inputs = 0", TWO_LAYERS, "    loss = Loss.SOFTMAX_CROSS_ENTROPY");
        JavaFileObject good = network("Fine", "    inputs = 2", TWO_LAYERS, "    loss = Loss.SOFTMAX_CROSS_ENTROPY");
        Compilation c = Networks.compile(bad, good);
        assertThat(c).hadErrorCount(1);
        // compile-testing hides generated files of a failed compilation: compile to a folder instead
        Path out = Files.createTempDirectory(temp, "chainrule");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, UTF_8)) {
            List<String> options = List.of("-proc:only", "-s", out.toString(), "-classpath", System.getProperty("java.class.path"));
            javac.getTask(null, files, null, options, null, List.of(bad, good)).call();
        }
        assertTrue(Files.exists(out.resolve("bad/FineModel.java")));
        assertFalse(Files.exists(out.resolve("bad/BrokenModel.java")));
    }

    @Test
    void vanishingGradientWarning() {
        JavaFileObject f = network("Sigmoids", "    inputs = 2",
                "    layers = {@Layer(units = 4, activation = Activation.SIGMOID),",
                "              @Layer(units = 4, activation = Activation.SIGMOID),",
                "              @Layer(units = 4, activation = Activation.SIGMOID),",
                "              @Layer(units = 4, activation = Activation.SIGMOID),",
                "              @Layer(units = 3, activation = Activation.IDENTITY)}",
                "    loss = Loss.SOFTMAX_CROSS_ENTROPY");
        Compilation c = Networks.compile(f);
        assertThat(c).succeeded();
        assertThat(c).hadWarningContaining(Messages.vanishingSigmoids(4)).inFile(f).onLineContaining("layers = {");
        assertThat(c).hadWarningContaining("shrink by up to 0.25^4 = 3.9e-03");
    }

    @Test
    void suppressWarningsSilencesChainruleWarnings() {
        String layers = String.join("\n",
                "    layers = {@Layer(units = 4, activation = Activation.SIGMOID, repeat = 4),",
                "              @Layer(units = 3, activation = Activation.IDENTITY)}");
        JavaFileObject onType = source("Suppressed", "@SuppressWarnings(\"" + Messages.SUPPRESS_WARNINGS + "\")",
                "@Network(inputs = 2,", layers + ",", "    loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "public interface Suppressed extends FloatModel {", "}");
        assertThat(Networks.compile(onType)).succeededWithoutWarnings();
        JavaFileObject onOuter = source("Outer", "@SuppressWarnings({\"unchecked\", \"" + Messages.SUPPRESS_WARNINGS + "\"})",
                "public class Outer {", "@Network(inputs = 2,", layers + ",", "    loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "public interface Inner extends FloatModel {", "}", "}");
        assertThat(Networks.compile(onOuter)).succeededWithoutWarnings();
        // another value does not silence it
        JavaFileObject other = source("Other", "@SuppressWarnings(\"unchecked\")",
                "@Network(inputs = 2,", layers + ",", "    loss = Loss.SOFTMAX_CROSS_ENTROPY)",
                "public interface Other extends FloatModel {", "}");
        assertThat(Networks.compile(other)).hadWarningContaining(Messages.vanishingSigmoids(4));
    }

    @Test
    void linearHiddenLayerWarning() {
        JavaFileObject f = network("Linear", "    inputs = 2",
                "    layers = {@Layer(units = 4, activation = Activation.IDENTITY),",
                "              @Layer(units = 3, activation = Activation.IDENTITY)}",
                "    loss = Loss.MEAN_SQUARED_ERROR");
        Compilation c = Networks.compile(f);
        assertThat(c).succeeded();
        assertThat(c).hadWarningContaining(Messages.linearHiddenLayer(1)).inFile(f)
                .onLineContaining("units = 4, activation = Activation.IDENTITY");
    }

    @Test
    void activationBeforeSoftmaxWarning() {
        JavaFileObject f = network("Squashed", "    inputs = 2",
                "    layers = {@Layer(units = 4, activation = Activation.RELU),",
                "              @Layer(units = 3, activation = Activation.TANH)}",
                "    loss = Loss.SOFTMAX_CROSS_ENTROPY");
        Compilation c = Networks.compile(f);
        assertThat(c).succeeded();
        assertThat(c).hadWarningContaining(Messages.outputActivationBeforeHead(Loss.SOFTMAX_CROSS_ENTROPY, "TANH"))
                .inFile(f).onLineContaining("activation = Activation.TANH");
    }

    @Test
    void slowUnrolledWarning() {
        JavaFileObject f = network("Slow", "    inputs = 64",
                "    layers = {@Layer(units = 32, activation = Activation.RELU),",
                "              @Layer(units = 10, activation = Activation.IDENTITY)}",
                "    loss = Loss.SOFTMAX_CROSS_ENTROPY", "    shape = CodeShape.UNROLLED");
        Compilation c = Networks.compile(f);
        assertThat(c).succeeded();
        assertThat(c).hadWarningContaining(Messages.slowUnrolled(1, 64, 32)).inFile(f).onLineContaining("units = 32");
        assertThat(c).hadWarningContaining(Messages.slowUnrolled(2, 32, 10)).inFile(f).onLineContaining("units = 10");
        assertThat(c).hadWarningCount(2);
    }

    /**
     * {@code page} takes a {@code DerivationPage} constant; anything else is javac's own error on
     * the value, and the processor adds none of its own.
     */
    @Test
    void badPageValuesAreJavacsErrors() {
        // javac's words for an undefined enum constant differ between JDKs ("cannot find symbol" on
        // 17, "an enum annotation value must be an enum constant" on 25): either, as one error
        String[][] values = {{"DerivationPage.NOWHERE", "cannot find symbol", "an enum annotation value must be an enum constant"},
                {"null", "an enum annotation value must be an enum constant"},
                {"CodeShape.LOOPS", "incompatible types"}};
        for (String[] value : values) {
            JavaFileObject f = network("BadPage", "    inputs = 2", TWO_LAYERS, "    loss = Loss.SOFTMAX_CROSS_ENTROPY",
                    "    page = " + value[0]);
            Compilation c = Networks.compile(f);
            assertThat(c).hadErrorCount(1);
            Diagnostic<? extends JavaFileObject> error = c.errors().get(0);
            String message = error.getMessage(Locale.ROOT);
            assertTrue(java.util.Arrays.stream(value, 1, value.length).anyMatch(message::contains),
                    value[0] + ": " + message);
            assertThat(c).hadErrorContaining(message).inFile(f).onLineContaining("page = " + value[0]);
        }
    }

    @Test
    void aCorrectNetworkCompilesWithoutWarnings() {
        JavaFileObject f = network("Clean", "    inputs = 2", TWO_LAYERS, "    loss = Loss.SOFTMAX_CROSS_ENTROPY");
        Compilation c = Networks.compile(f);
        assertThat(c).succeededWithoutWarnings();
    }
}
