package io.chainrule.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.JavaFile;
import io.chainrule.Activation;
import io.chainrule.CodeShape;
import io.chainrule.FloatModel;
import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.processor.Networks.Declaration;
import io.chainrule.processor.emit.ModelEmitter;
import io.chainrule.processor.plan.Planner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A run of alike layers shares one method per pass ({@code forward2To5(w5, b5, ..)}); the class
 * written with every layer's own methods instead ({@code NetworkPlan.withoutSharedMethods()})
 * computes the same bits: predictions, losses, gradients of every parameter and every layer's
 * dL/dh, dL/dx, the batched path (also through transposed weights) and SGD steps.
 */
class SharedMethodsTest {
    private static final Pattern SHARED = Pattern.compile("private void (\\w+?)\\d+To\\d+\\(");
    private static final int BATCH = 9;

    static List<Declaration> declarations() {
        Activation t = Activation.TANH;
        Activation i = Activation.IDENTITY;
        List<Declaration> d = new ArrayList<>();
        d.add(residual("RunLoops", 5, new int[] {6, 6, 6, 6, 6, 3}, t, new int[] {0, 1, 1, 1, 1, 0}, new boolean[6],
                CodeShape.LOOPS));
        d.add(residual("RunUnrolled", 5, new int[] {6, 6, 6, 6, 6, 3}, Activation.SIGMOID,
                new int[] {0, 1, 1, 1, 1, 0}, new boolean[6], CodeShape.UNROLLED));
        // skips of two layers: layer l's backward adds dL/dh of layer l + 1 to dL/dh of layer l - 1
        d.add(residual("RunSkip2", 4, new int[] {5, 5, 5, 5, 5, 5, 5, 2}, Activation.RELU,
                new int[] {0, 0, 2, 2, 2, 2, 2, 0}, new boolean[8], CodeShape.LOOPS));
        d.add(residual("RunProjected", 4, new int[] {3, 6, 6, 6, 6, 2}, Activation.LEAKY_RELU,
                new int[] {0, 1, 1, 1, 1, 0}, new boolean[] {false, true, true, true, true, false}, CodeShape.LOOPS));
        // 64 x 64: dL/dh below through the transposed weights, from 8 examples of a batch on
        d.add(residual("RunWide", 8, new int[] {64, 64, 64, 64, 64, 4}, t, new int[] {0, 1, 1, 1, 1, 0},
                new boolean[6], CodeShape.LOOPS));
        // AUTO: the layers of 4 unrolled and those of 8 in loops, a run of each
        d.add(residual("RunAuto", 4, new int[] {4, 4, 4, 4, 8, 8, 8, 8, 8, 3}, Activation.SOFTPLUS,
                new int[] {0, 1, 1, 1, 0, 1, 1, 1, 1, 0}, new boolean[10], CodeShape.AUTO));
        d.add(new Declaration("shared", "Plain", 3, new int[] {4, 4, 4, 4, 2}, new Activation[] {t, t, t, t, i},
                Loss.SOFTMAX_CROSS_ENTROPY, Precision.FLOAT, CodeShape.LOOPS));
        return d;
    }

    private static Declaration residual(String name, int inputs, int[] units, Activation a, int[] skips,
            boolean[] projections, CodeShape shape) {
        Activation[] activations = new Activation[units.length];
        Arrays.fill(activations, a);
        activations[units.length - 1] = Activation.IDENTITY;
        return new Declaration("shared", name, inputs, units, activations, skips, projections,
                Loss.SOFTMAX_CROSS_ENTROPY, Precision.FLOAT, shape);
    }

    @TestFactory
    Stream<DynamicTest> sharedMethodsComputeTheBitsOfEveryLayersOwnMethods() {
        List<Declaration> declarations = declarations();
        Compilation shared = Networks.compile(declarations);
        assertThat(shared).succeeded();
        CompiledClasses sharedClasses = new CompiledClasses(shared);
        return declarations.stream().map(d -> DynamicTest.dynamicTest(d.name(), () -> {
            String sharedSource = Networks.generatedSource(shared, d.generatedName());
            List<String> passes = new ArrayList<>();
            Matcher m = SHARED.matcher(sharedSource);
            while (m.find()) {
                passes.add(m.group(1));
            }
            // a network whose layers are all unrolled runs its batches example by example
            boolean batched = sharedSource.contains("private void batchForward(");
            assertEquals(batched ? List.of("forward", "backward", "backwardStep", "batchForward", "batchBackward")
                    : List.of("forward", "backward", "backwardStep"), passes.stream().distinct().toList(),
                    "every pass shares a method");
            String ownSource = JavaFile.builder(d.pkg(), ModelEmitter.emit(
                            Planner.plan(ClassFileBudgetTest.spec(d)).withoutSharedMethods(), Optional.empty(),
                            NetworkProcessor.class.getName(), "Chainrule " + NetworkProcessor.VERSION))
                    .skipJavaLangImports(true).indent("    ").build().toString();
            assertFalse(SHARED.matcher(ownSource).find(), "every layer's own methods");
            Compilation own = javac().withOptions("--release", "8", "-proc:none", "-Xlint:all,-options", "-Werror")
                    .compile(d.source(), JavaFileObjects.forSourceString(d.generatedName(), ownSource));
            assertThat(own).succeeded();
            FloatModel a = sharedClasses.newInstance(d.generatedName(), FloatModel.class, BATCH);
            FloatModel b = new CompiledClasses(own).newInstance(d.generatedName(), FloatModel.class, BATCH);
            assertSameBits(a, b, d.inputs());
        }));
    }

    /** The two models, initialised alike, agree to the bit through every public computation. */
    private static void assertSameBits(FloatModel a, FloatModel b, int inputs) {
        a.initialize(11);
        b.initialize(11);
        assertParameters(a, b, "initialised");
        Random random = new Random(5);
        float[] x = new float[BATCH * inputs];
        int[] labels = new int[BATCH];
        int[] rows = new int[BATCH];
        for (int e = 0; e < BATCH; e++) {
            for (int j = 0; j < inputs; j++) {
                x[e * inputs + j] = (float) (random.nextGaussian() * 2);
            }
            labels[e] = random.nextInt(a.outputSize());
            rows[e] = e;
        }
        float[] outA = new float[BATCH * a.outputSize()];
        float[] outB = new float[BATCH * a.outputSize()];
        a.zeroGradients();
        b.zeroGradients();
        for (int e = 0; e < BATCH; e++) {
            a.predict(x, e * inputs, outA);
            b.predict(x, e * inputs, outB);
            assertTrue(Arrays.equals(outA, outB), "predict, example " + e);
            assertEquals(Float.floatToIntBits(a.lossAndGradient(x, e * inputs, labels[e])),
                    Float.floatToIntBits(b.lossAndGradient(x, e * inputs, labels[e])), "loss, example " + e);
            for (int l = 1; l <= a.layerCount(); l++) {
                assertTrue(Arrays.equals(a.outputGradient(l), b.outputGradient(l)), "dL/dh" + l + ", example " + e);
            }
            float[] dxA = new float[inputs];
            float[] dxB = new float[inputs];
            a.inputGradient(dxA);
            b.inputGradient(dxB);
            assertTrue(Arrays.equals(dxA, dxB), "dL/dx, example " + e);
        }
        assertGradients(a, b, "example by example");
        a.zeroGradients();
        b.zeroGradients();
        assertEquals(Double.doubleToLongBits(a.lossAndGradientBatch(x, inputs, rows, 0, BATCH, labels)),
                Double.doubleToLongBits(b.lossAndGradientBatch(x, inputs, rows, 0, BATCH, labels)), "batch loss");
        assertGradients(a, b, "a batch of " + BATCH);
        a.predictBatch(x, 0, BATCH, outA, 0);
        b.predictBatch(x, 0, BATCH, outB, 0);
        assertTrue(Arrays.equals(outA, outB), "predictBatch");
        for (int e = 0; e < BATCH; e++) {
            assertEquals(Float.floatToIntBits(a.sgdStep(x, e * inputs, labels[e], 0.05f)),
                    Float.floatToIntBits(b.sgdStep(x, e * inputs, labels[e], 0.05f)), "sgdStep loss, example " + e);
        }
        assertParameters(a, b, "after " + BATCH + " SGD steps");
    }

    private static void assertParameters(FloatModel a, FloatModel b, String when) {
        for (int k = 0; k < a.parameterArrayCount(); k++) {
            assertTrue(Arrays.equals(a.parameterArrays()[k], b.parameterArrays()[k]), "parameter array " + k + ", " + when);
        }
    }

    private static void assertGradients(FloatModel a, FloatModel b, String when) {
        boolean moved = false;
        for (int k = 0; k < a.parameterArrayCount(); k++) {
            assertTrue(Arrays.equals(a.gradientArrays()[k], b.gradientArrays()[k]), "gradient array " + k + ", " + when);
            for (float g : a.gradientArrays()[k]) {
                moved |= g != 0;
            }
        }
        assertTrue(moved, "some gradient is not zero, " + when);
    }
}
