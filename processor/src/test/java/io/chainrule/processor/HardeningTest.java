package io.chainrule.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.chainrule.FloatModel;
import io.chainrule.Model;
import io.chainrule.processor.read.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Declarations that once crashed the processor or made it emit code javac rejects (the
 * hardening issue's list): each now compiles into a model that runs, or is rejected with an
 * error on the element or annotation value that is wrong. Never an internal error.
 */
class HardeningTest {
    private static final String TWO_LAYERS = "layers = {@Layer(units = 3, activation = Activation.TANH), "
            + "@Layer(units = 2, activation = Activation.IDENTITY)}, loss = Loss.SOFTMAX_CROSS_ENTROPY";

    /** {@code package a;} with the chainrule imports and the given lines, as {@code a.name}. */
    private static JavaFileObject source(String name, String... lines) {
        return JavaFileObjects.forSourceString("a." + name,
                "package a;\n\nimport io.chainrule.*;\n\n" + String.join("\n", lines) + "\n");
    }

    /** An interface {@code a.name} with {@code @Network(members)} and the given body lines. */
    private static JavaFileObject network(String name, String members, String... body) {
        String[] lines = new String[body.length + 3];
        lines[0] = "@Network(inputs = 2, " + members + ")";
        lines[1] = "public interface " + name + " extends FloatModel {";
        System.arraycopy(body, 0, lines, 2, body.length);
        lines[lines.length - 1] = "}";
        return source(name, lines);
    }

    private static Compilation compile17(JavaFileObject... sources) {
        return javac().withProcessors(new NetworkProcessor())
                .withOptions("--release", "17", "-Xlint:all,-options,-processing").compile(sources);
    }

    /** No diagnostic of the compilation is a Chainrule internal error. */
    private static void noInternalError(Compilation c) {
        for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
            assertFalse(d.getMessage(null).contains("internal error"), d.getMessage(null));
        }
    }

    /** The generated class compiled without warnings, and its model computes a finite loss. */
    private static void runs(Compilation c, String generatedName) {
        assertThat(c).succeededWithoutWarnings();
        Model model = new CompiledClasses(c).newInstance(generatedName, Model.class);
        FloatModel floats = (FloatModel) model;
        floats.initialize(1);
        float[] x = new float[model.inputSize()];
        Random random = new Random(2);
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat() * 2 - 1;
        }
        float loss = model.loss().takesClassIndex() ? floats.lossAndGradient(x, 0, 1)
                : floats.lossAndGradient(x, 0, new float[model.outputSize()], 0);
        assertTrue(Float.isFinite(loss) && loss >= 0, "loss " + loss);
    }

    @Test
    void parameterCountThatOverflowsALongIsAnError() {
        JavaFileObject f = source("Huge", "@Network(inputs = 4,",
                "    layers = {@Layer(units = Integer.MAX_VALUE, activation = Activation.RELU, repeat = 3),",
                "              @Layer(units = 1, activation = Activation.IDENTITY)},",
                "    loss = Loss.MEAN_SQUARED_ERROR)",
                "public interface Huge extends FloatModel {", "}");
        Compilation c = Networks.compile(f);
        assertThat(c).hadErrorContaining("this network has more than 9.2e18 parameters").inFile(f)
                .onLineContaining("layers = {");
        assertThat(c).hadErrorCount(1);
    }

    /**
     * The deepest network the README allows, in the default shape, with unrolled-size layers: its
     * 1198 alike residual layers share one method per pass, so they stay unrolled.
     */
    @Test
    void twelveHundredLayersCompileInTheDefaultShape() {
        JavaFileObject f = source("Deep1200", "@Network(inputs = 4,",
                "    layers = {@Layer(units = 4, activation = Activation.TANH),",
                "              @Layer(units = 4, activation = Activation.TANH, skip = 1, repeat = 1198),",
                "              @Layer(units = 2, activation = Activation.IDENTITY)},",
                "    loss = Loss.MEAN_SQUARED_ERROR)",
                "public interface Deep1200 extends FloatModel {", "}");
        Compilation c = Networks.compile(f);
        runs(c, "a.Deep1200Model");
        String source = Networks.generatedSource(c, "a.Deep1200Model");
        assertTrue(source.contains("Layers 2 .. 1199 forward (unrolled)") && source.contains("private void forward2To1199(")
                && !source.contains("void forward3("), "one forward method for layers 2 .. 1199");
    }

    /**
     * 1200 layers that are not alike (the widths alternate, so no two neighbours share code) overflow
     * the constant pool unrolled: AUTO falls back to loops for every layer.
     */
    @Test
    void twelveHundredUnlikeLayersFallBackToLoops() {
        Compilation c = Networks.compile(unlikeLayers("Unlike1200", ""));
        runs(c, "a.Unlike1200Model");
        String source = Networks.generatedSource(c, "a.Unlike1200Model");
        assertTrue(source.contains("Layer 1 forward (loops)") && !source.contains("(unrolled)"),
                "AUTO falls back to loops for every layer");
    }

    /** 1,199 tanh layers of 4 and 5 units in turn and an output layer, the {@code @Network} attributes {@code options} added. */
    private static JavaFileObject unlikeLayers(String name, String options) {
        List<String> layers = new ArrayList<>();
        for (int l = 0; l < 1199; l++) {
            layers.add("@Layer(units = " + (4 + l % 2) + ", activation = Activation.TANH)");
        }
        return source(name, "@Network(inputs = 4" + options + ",",
                "    layers = {" + String.join(", ", layers) + ",",
                "              @Layer(units = 2, activation = Activation.IDENTITY)},",
                "    loss = Loss.MEAN_SQUARED_ERROR)",
                "public interface " + name + " extends FloatModel {", "}");
    }

    @Test
    void unrolledNetworkThatOverflowsTheConstantPoolIsAnError() {
        JavaFileObject f = unlikeLayers("Unrolled1200", ", shape = CodeShape.UNROLLED");
        Compilation c = Networks.compile(f);
        assertThat(c).hadErrorContaining("constant-pool entries, more than the 65,535 a class file holds").inFile(f)
                .onLineContaining("layers = {");
        assertThat(c).hadErrorContaining("use shape = LOOPS or AUTO, or fewer layers");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void unrolledLimitCountsProjectionsAndEveryRepeatedCopy() {
        JavaFileObject projected = source("Projected", "@Network(inputs = 200, shape = CodeShape.UNROLLED,",
                "    layers = {@Layer(units = 1, activation = Activation.TANH),",
                "              @Layer(units = 200, activation = Activation.TANH, skip = 2, projection = true),",
                "              @Layer(units = 2, activation = Activation.IDENTITY)},",
                "    loss = Loss.MEAN_SQUARED_ERROR)",
                "public interface Projected extends FloatModel {", "}");
        Compilation c = Networks.compile(projected);
        assertThat(c).hadErrorContaining(Messages.tooLargeToUnroll(2, 1, 200, 200, 200 + 200 * 200)).inFile(projected)
                .onLineContaining("units = 200");
        JavaFileObject repeated = source("Repeated", "@Network(inputs = 10, shape = CodeShape.UNROLLED,",
                "    layers = {@Layer(units = 130, activation = Activation.TANH, repeat = 2),",
                "              @Layer(units = 2, activation = Activation.IDENTITY)},",
                "    loss = Loss.MEAN_SQUARED_ERROR)",
                "public interface Repeated extends FloatModel {", "}");
        c = Networks.compile(repeated);
        assertThat(c).hadErrorContaining(Messages.tooLargeToUnroll(2, 130, 130, 0, 130 * 130)).inFile(repeated)
                .onLineContaining("units = 130");
        JavaFileObject network = source("Total", "@Network(inputs = 64, shape = CodeShape.UNROLLED,",
                "    layers = {@Layer(units = 64, activation = Activation.TANH),",
                "              @Layer(units = 64, activation = Activation.TANH, skip = 1, projection = true, repeat = 8),",
                "              @Layer(units = 2, activation = Activation.IDENTITY)},",
                "    loss = Loss.MEAN_SQUARED_ERROR)",
                "public interface Total extends FloatModel {", "}");
        c = Networks.compile(network);
        assertThat(c).hadErrorContaining(Messages.tooLargeToUnrollNetwork(64 * 64 + 8 * 2 * 64 * 64 + 64 * 2))
                .inFile(network).onLineContaining("shape = CodeShape.UNROLLED");
    }

    @Test
    void namesWithDollarSigns() {
        runs(Networks.compile(network("Net", "name = \"Net$Model\", " + TWO_LAYERS)), "a.Net$Model");
        runs(Networks.compile(network("Net$1", TWO_LAYERS)), "a.Net$1Model");
    }

    @Test
    void restrictedIdentifiersCannotNameTheClass() {
        for (String name : List.of("var", "yield", "record", "sealed", "permits")) {
            JavaFileObject f = network("R" + name, "name = \"" + name + "\", " + TWO_LAYERS);
            Compilation c = Networks.compile(f);
            assertThat(c).hadErrorContaining(Messages.reservedName(name)).inFile(f).onLineContaining("name = ");
            assertThat(c).hadErrorCount(1);
        }
    }

    @Test
    void anErroneousAnnotationValueIsLeftToJavac() {
        JavaFileObject f = network("Undefined", "layers = {@Layer(units = NOT_DEFINED, activation = Activation.TANH), "
                + "@Layer(units = 2, activation = Activation.IDENTITY)}, loss = Loss.SOFTMAX_CROSS_ENTROPY");
        Compilation c = Networks.compile(f);
        assertThat(c).hadErrorContaining("cannot find symbol").inFile(f).onLineContaining("NOT_DEFINED");
        assertThat(c).hadErrorCount(1);
        JavaFileObject inputs = source("BadInputs", "@Network(inputs = NOT_DEFINED, " + TWO_LAYERS + ")",
                "public interface BadInputs extends FloatModel {", "}");
        c = Networks.compile(inputs);
        assertThat(c).hadErrorContaining("cannot find symbol");
        assertThat(c).hadErrorCount(1);
        JavaFileObject loss = source("BadLoss", "@Network(inputs = 2, loss = Loss.NO_SUCH_LOSS,",
                "    layers = {@Layer(units = 2, activation = Activation.IDENTITY)})",
                "public interface BadLoss extends FloatModel {", "}");
        c = Networks.compile(loss);
        // javac's own words differ between JDKs ("cannot find symbol" on 17, "an enum annotation
        // value must be an enum constant" on 25): one error, javac's, on the value
        assertThat(c).hadErrorContaining("").inFile(loss).onLineContaining("NO_SUCH_LOSS");
        assertThat(c).hadErrorCount(1);
        noInternalError(c);
    }

    @Test
    void invisibleCharactersInTheName() {
        JavaFileObject f = network("Nul", "name = \"A\\u0000B\", " + TWO_LAYERS);
        Compilation c = Networks.compile(f);
        assertThat(c).hadErrorContaining(Messages.invisibleCharacter("A\u0000B", 0)).inFile(f)
                .onLineContaining("name = ");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void sealedInterfaceMustPermitTheGeneratedClass() {
        JavaFileObject closed = source("Closed", "@Network(inputs = 2, " + TWO_LAYERS + ")",
                "public sealed interface Closed extends FloatModel permits Other {", "}",
                "final class Other implements Closed {", "}");
        Compilation c = compile17(closed);
        assertThat(c).hadErrorContaining(Messages.sealed("Closed", "ClosedModel")).inFile(closed)
                .onLineContaining("sealed interface Closed");
        noInternalError(c);
        JavaFileObject open = source("Open", "@Network(inputs = 2, " + TWO_LAYERS + ")",
                "public sealed interface Open extends FloatModel permits OpenModel {", "}");
        runs(compile17(open), "a.OpenModel");
    }

    @Test
    void typeNestedInAPrivateClass() {
        JavaFileObject f = source("Outer", "public class Outer {", "    private static class Holder {",
                "        @Network(inputs = 2, " + TWO_LAYERS + ")", "        interface Net extends FloatModel {",
                "        }", "    }", "}");
        Compilation c = Networks.compile(f);
        assertThat(c).hadErrorContaining(Messages.inPrivateType("Holder")).inFile(f)
                .onLineContaining("interface Net");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void constructorThatThrowsACheckedException() {
        JavaFileObject f = source("Throwing", "@Network(inputs = 2, " + TWO_LAYERS + ")",
                "public abstract class Throwing implements FloatModel {",
                "    protected Throwing() throws java.io.IOException {", "    }", "}");
        Compilation c = Networks.compile(f);
        assertThat(c).hadErrorContaining(Messages.constructorThrows("java.io.IOException")).inFile(f)
                .onLineContaining("protected Throwing()");
        assertThat(c).hadErrorCount(1);
        JavaFileObject unchecked = source("Unchecked", "@Network(inputs = 2, " + TWO_LAYERS + ")",
                "public abstract class Unchecked implements FloatModel {",
                "    protected Unchecked() throws IllegalStateException {", "    }", "}");
        runs(Networks.compile(unchecked), "a.UncheckedModel");
        JavaFileObject varargs = source("Varargs", "@Network(inputs = 2, " + TWO_LAYERS + ")",
                "public abstract class Varargs implements FloatModel {",
                "    protected Varargs(String... names) {", "    }", "}");
        runs(Networks.compile(varargs), "a.VarargsModel");
    }

    @Test
    void methodsThatClashWithGeneratedOnes() {
        JavaFileObject defaults = network("Defaults", TWO_LAYERS,
                "    default void writeOutputs(float[] out, int at) {", "    }",
                "    default void forward(float[] x, int off) {", "    }");
        Compilation c = Networks.compile(defaults);
        assertThat(c).hadErrorContaining("method writeOutputs(float[], int) of a.Defaults clashes").inFile(defaults)
                .onLineContaining("default void writeOutputs");
        assertThat(c).hadErrorContaining("method forward(float[], int) of a.Defaults clashes").inFile(defaults)
                .onLineContaining("default void forward");
        assertThat(c).hadErrorCount(2);
        JavaFileObject finals = source("Finals", "@Network(inputs = 2, " + TWO_LAYERS + ")",
                "public abstract class Finals implements FloatModel {",
                "    public final int inputSize() {", "        return 2;", "    }", "}");
        c = Networks.compile(finals);
        assertThat(c).hadErrorContaining("method inputSize() of a.Finals clashes").inFile(finals)
                .onLineContaining("public final int inputSize()");
        assertThat(c).hadErrorContaining("remove 'final'");
        assertThat(c).hadErrorCount(1);
        JavaFileObject returns = source("Returns", "@Network(inputs = 2, " + TWO_LAYERS + ")",
                "public interface Returns {", "    default void inputSize() {", "    }", "}");
        c = Networks.compile(returns);
        assertThat(c).hadErrorContaining("it returns void there but int in the generated class").inFile(returns)
                .onLineContaining("default void inputSize()");
        // a default body of a Model method is simply overridden, as documented
        JavaFileObject overridden = network("Overridden", TWO_LAYERS,
                "    default int inputSize() {", "        return -1;", "    }");
        runs(Networks.compile(overridden), "a.OverriddenModel");
    }

    @Test
    void membersNamedLikeTypesTheGeneratedCodeUses() {
        JavaFileObject f = network("Shadows", TWO_LAYERS, "    class Override {", "    }",
                "    class Targets {", "    }", "    class Random {", "    }", "    class String {", "    }",
                "    class Activation {", "    }", "    class Initializer {", "    }", "    int Arrays = 3;",
                "    int Math = 4;");
        runs(Networks.compile(f), "a.ShadowsModel");
        // a top-level type of the package shadows java.lang
        List<JavaFileObject> sources = new java.util.ArrayList<>(List.of(network("Beside", TWO_LAYERS)));
        for (String name : List.of("Override", "String", "Math", "System", "StrictMath", "IllegalArgumentException")) {
            sources.add(source(name, "public class " + name + " {", "}"));
        }
        runs(Networks.compile(sources.toArray(new JavaFileObject[0])), "a.BesideModel");
        JavaFileObject java = network("Java", TWO_LAYERS, "    int java = 1;");
        Compilation c = Networks.compile(java);
        assertThat(c).hadErrorContaining(Messages.hidesPackage("java")).inFile(java).onLineContaining("int java");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void objectMethodsRedeclaredAbstract() {
        JavaFileObject f = source("Printable", "@Network(inputs = 2, " + TWO_LAYERS + ")",
                "public abstract class Printable implements FloatModel {",
                "    public abstract String toString();", "}");
        Compilation c = Networks.compile(f);
        assertThat(c).hadErrorContaining(Messages.abstractMethod("toString()", "FloatModel")).inFile(f)
                .onLineContaining("public abstract String toString()");
        assertThat(c).hadErrorCount(1);
        // in an interface, the generated class inherits Object's toString()
        runs(Networks.compile(network("Described", TWO_LAYERS, "    String toString();")), "a.DescribedModel");
    }

    @Test
    void serializableTypes() {
        runs(Networks.compile(source("Stored", "@Network(inputs = 2, " + TWO_LAYERS + ")",
                "public interface Stored extends FloatModel, java.io.Serializable {", "}")), "a.StoredModel");
    }

    /** javac does not show local classes to processors; the processor finds them in the source trees. */
    @Test
    void localClassIsAnError() {
        JavaFileObject f = source("Host", "public class Host {", "    void m() {",
                "        @Network(inputs = 2, " + TWO_LAYERS + ")",
                "        abstract class Local implements FloatModel {", "        }", "    }", "}");
        Compilation c = Networks.compile(f, network("Other", TWO_LAYERS));
        assertThat(c).hadErrorContaining(Messages.LOCAL).inFile(f).onLineContaining("@Network");
        assertThat(c).hadErrorCount(1);
    }

    @Test
    void deprecatedTypesGiveNoWarningsInGeneratedCode() {
        JavaFileObject f = source("Old", "@Deprecated", "@Network(inputs = 2, " + TWO_LAYERS + ")",
                "public interface Old extends FloatModel {", "}");
        runs(Networks.compile(f), "a.OldModel");
        JavaFileObject removal = source("Gone", "@Deprecated(forRemoval = true)",
                "@Network(inputs = 2, " + TWO_LAYERS + ")", "public interface Gone extends FloatModel {", "}");
        runs(compile17(removal), "a.GoneModel");
        JavaFileObject nested = source("OldOuter", "@Deprecated", "public class OldOuter {",
                "    @Network(inputs = 2, " + TWO_LAYERS + ")", "    public interface Net extends FloatModel {", "    }",
                "}");
        runs(Networks.compile(nested), "a.OldOuter_NetModel");
    }

    /** A user's build with every lint, processing included, and -Werror compiles a network. */
    @Test
    void everyLintAndWerror() {
        Compilation c = javac().withProcessors(new NetworkProcessor())
                .withOptions("--release", "17", "-Xlint:all", "-Werror").compile(network("Strict", TWO_LAYERS));
        assertThat(c).succeededWithoutWarnings();
    }

    @Test
    void deprecatedMethodsTheGeneratedClassOverrides() {
        runs(Networks.compile(network("Overrides", TWO_LAYERS, "    @Deprecated", "    default int classCount() {",
                "        return 0;", "    }", "    @Deprecated", "    int inputSize();")), "a.OverridesModel");
    }

    @Test
    void aNameTooLongForAFile() {
        String name = "N".repeat(250);
        JavaFileObject f = network(name, TWO_LAYERS);
        Compilation c = Networks.compile(f);
        assertThat(c).hadErrorContaining(Messages.nameTooLong(name + "Model", 261, 255)).inFile(f)
                .onLineContaining("public interface " + name);
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadWarningCount(0);
    }

    @Test
    void theFixedDefectsCompileTogetherWithoutInternalErrors() {
        Compilation c = Networks.compile(network("Dollar", "name = \"A$B\", " + TWO_LAYERS),
                network("Nul2", "name = \"C\\u0000D\", " + TWO_LAYERS));
        noInternalError(c);
        assertEquals(1, c.errors().size());
    }
}
