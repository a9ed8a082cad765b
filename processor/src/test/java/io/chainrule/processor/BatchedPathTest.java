package io.chainrule.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.chainrule.Activation;
import io.chainrule.CodeShape;
import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.processor.Networks.Declaration;
import io.chainrule.processor.spec.Limits;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code lossAndGradientBatch} against {@code lossAndGradient} called example by example: the
 * same loss sum, gradients, dL/dx and dL/dh to the last bit, for every network of the gradient
 * check (every activation × loss × code shape, residual layers, double precision, whose
 * per-example gradients are checked by finite differences there), for float twins, and for
 * batches of 1 example, an odd number, exactly {@code maxBatch} and more than it (taken in chunks).
 */
class BatchedPathTest {
    static final int MAX_BATCH = 4;
    /** Batch sizes: one example, odd, exactly the buffers, more than the buffers (chunks of 4, 4, 3). */
    static final int[] SIZES = {1, 3, MAX_BATCH, 11};
    static final int EXAMPLES = 24;
    static final int PADDING = 2;

    static List<Declaration> floats = new ArrayList<>();
    static CompiledClasses floatClasses;

    @BeforeAll
    static void compile() {
        GradientCheckTest.compileAll();
        Activation r = Activation.RELU;
        Activation i = Activation.IDENTITY;
        for (CodeShape shape : CodeShape.values()) {
            floats.add(new Declaration("batch", "Digits" + shape, 64, new int[] {32, 10}, new Activation[] {r, i},
                    Loss.SOFTMAX_CROSS_ENTROPY, Precision.FLOAT, shape));
        }
        for (Loss loss : Loss.values()) {
            int out = loss == Loss.SIGMOID_CROSS_ENTROPY ? 1 : 3;
            floats.add(new Declaration("batch", "Residual" + loss, 6, new int[] {9, 9, 12, out},
                    new Activation[] {Activation.TANH, Activation.TANH, Activation.LEAKY_RELU,
                        loss == Loss.MEAN_SQUARED_ERROR ? Activation.SIGMOID : i},
                    new int[] {0, 1, 3, 0}, new boolean[] {false, false, true, false}, loss, Precision.FLOAT,
                    CodeShape.LOOPS));
            floats.add(new Declaration("batch", "Tiny" + loss, 4, new int[] {8, out},
                    new Activation[] {Activation.SOFTPLUS, i}, loss, Precision.FLOAT, CodeShape.AUTO));
        }
        Compilation compilation = Networks.compile(floats);
        assertThat(compilation).succeeded();
        floatClasses = new CompiledClasses(compilation);
    }

    @TestFactory
    Stream<DynamicTest> batchGivesTheBitsOfOneExampleAtATimeInDouble() {
        return GradientCheckTest.declarations.stream().map(d -> DynamicTest.dynamicTest(d.name(), () -> {
            DoubleModel single = GradientCheckTest.classes.newInstance(d.generatedName(), DoubleModel.class);
            DoubleModel batched = GradientCheckTest.classes.newInstance(d.generatedName(), DoubleModel.class, MAX_BATCH);
            Random random = new Random(d.name().hashCode());
            randomize(single.parameterArrays(), random);
            copy(single.parameterArrays(), batched.parameterArrays());
            int stride = single.inputSize() + PADDING;
            double[] x = new double[EXAMPLES * stride];
            for (int k = 0; k < x.length; k++) {
                x[k] = random.nextDouble() * 2 - 1;
            }
            int[] labels = labels(single, random);
            int targetStride = single.outputSize() + 1;
            double[] targets = new double[EXAMPLES * targetStride];
            for (int k = 0; k < targets.length; k++) {
                targets[k] = random.nextDouble() * 2 - 1;
            }
            int[] rows = shuffled(random);
            for (int size : SIZES) {
                single.zeroGradients();
                batched.zeroGradients();
                // two batches without zeroing in between: the second adds to the first
                for (int from : new int[] {1, 1 + size}) {
                    int to = from + size;
                    double expected = 0;
                    for (int r = from; r < to; r++) {
                        int row = rows[r];
                        expected += labels == null
                                ? single.lossAndGradient(x, row * stride, targets, row * targetStride)
                                : single.lossAndGradient(x, row * stride, labels[row]);
                    }
                    double actual = labels == null
                            ? batched.lossAndGradientBatch(x, stride, rows, from, to, targets, targetStride)
                            : batched.lossAndGradientBatch(x, stride, rows, from, to, labels);
                    assertEquals(expected, actual, 0.0, "loss sum, batch of " + size);
                }
                for (int k = 0; k < single.parameterArrayCount(); k++) {
                    assertArrayEquals(single.gradientArrays()[k], batched.gradientArrays()[k], 0.0,
                            "gradient array " + k + ", batch of " + size);
                }
                double[] dxSingle = new double[single.inputSize()];
                double[] dxBatched = new double[single.inputSize()];
                single.inputGradient(dxSingle);
                batched.inputGradient(dxBatched);
                assertArrayEquals(dxSingle, dxBatched, 0.0, "dL/dx of the last example");
                for (int l = 1; l <= single.layerCount(); l++) {
                    assertArrayEquals(single.outputGradient(l), batched.outputGradient(l), 0.0, "dL/dh" + l);
                }
            }
            assertTrue(Arrays.stream(single.gradientArrays()).anyMatch(g -> Arrays.stream(g).anyMatch(v -> v != 0)));
        }));
    }

    @TestFactory
    Stream<DynamicTest> batchGivesTheBitsOfOneExampleAtATimeInFloat() {
        return floats.stream().map(d -> DynamicTest.dynamicTest(d.name(), () -> {
            FloatModel single = floatClasses.newInstance(d.generatedName(), FloatModel.class);
            FloatModel batched = floatClasses.newInstance(d.generatedName(), FloatModel.class, MAX_BATCH);
            Random random = new Random(d.name().hashCode());
            single.initialize(7);
            copy(single.parameterArrays(), batched.parameterArrays());
            int stride = single.inputSize();
            float[] x = new float[EXAMPLES * stride];
            for (int k = 0; k < x.length; k++) {
                x[k] = random.nextFloat() * 2 - 1;
            }
            int[] labels = labels(single, random);
            float[] targets = new float[EXAMPLES * single.outputSize()];
            for (int k = 0; k < targets.length; k++) {
                targets[k] = random.nextFloat();
            }
            int[] rows = shuffled(random);
            for (int size : SIZES) {
                single.zeroGradients();
                batched.zeroGradients();
                double expected = 0;
                for (int r = 0; r < size; r++) {
                    int row = rows[r];
                    expected += labels == null
                            ? single.lossAndGradient(x, row * stride, targets, row * single.outputSize())
                            : single.lossAndGradient(x, row * stride, labels[row]);
                }
                double actual = labels == null
                        ? batched.lossAndGradientBatch(x, stride, rows, 0, size, targets, single.outputSize())
                        : batched.lossAndGradientBatch(x, stride, rows, 0, size, labels);
                assertEquals(expected, actual, 0.0, "loss sum, batch of " + size);
                for (int k = 0; k < single.parameterArrayCount(); k++) {
                    assertArrayEquals(single.gradientArrays()[k], batched.gradientArrays()[k], 0f,
                            "gradient array " + k + ", batch of " + size);
                }
                for (int l = 1; l <= single.layerCount(); l++) {
                    assertArrayEquals(single.outputGradient(l), batched.outputGradient(l), 0f, "dL/dh" + l);
                }
            }
        }));
    }

    /** Networks with a layer of loops run batches as matrix-matrix loops; all-unrolled ones example by example. */
    @Test
    void loopLayersGetTheBatchedPath() {
        for (Declaration d : floats) {
            boolean batched = hasMethod(floatClasses, d, "batchForward");
            boolean allUnrolled = d.shape() == CodeShape.UNROLLED
                    || (d.shape() == CodeShape.AUTO && d.name().startsWith("Tiny"));
            assertEquals(!allUnrolled, batched, d.name());
        }
        for (Declaration d : GradientCheckTest.declarations) {
            assertEquals(hasLoopLayer(d), hasMethod(GradientCheckTest.classes, d, "batchForward"), d.name());
        }
    }

    /** True if a layer of {@code d} is coded as loops: every layer in LOOPS, in AUTO the larger ones. */
    private static boolean hasLoopLayer(Declaration d) {
        if (d.shape() != CodeShape.AUTO) {
            return d.shape() == CodeShape.LOOPS;
        }
        int[] widths = new int[d.units().length + 1];
        widths[0] = d.inputs();
        System.arraycopy(d.units(), 0, widths, 1, d.units().length);
        for (int l = 1; l < widths.length; l++) {
            long macs = (long) widths[l - 1] * widths[l];
            if (d.projections()[l - 1]) {
                macs += (long) widths[l - d.skips()[l - 1]] * widths[l];
            }
            if (macs > Limits.AUTO_UNROLL_MAX_MACS) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aBadLabelLeavesTheGradientsAsTheyWere() {
        FloatModel model = floatClasses.newInstance("batch.DigitsLOOPSModel", FloatModel.class, MAX_BATCH);
        model.initialize(1);
        float[] x = new float[EXAMPLES * 64];
        Arrays.fill(x, 0.5f);
        int[] labels = new int[EXAMPLES];
        labels[9] = 10;
        int[] rows = shuffled(new Random(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.lossAndGradientBatch(x, 64, rows, 0, EXAMPLES, labels));
        assertTrue(e.getMessage().contains("label 10 is out of range"), e.getMessage());
        for (float[] g : model.gradientArrays()) {
            for (float v : g) {
                assertEquals(0f, v);
            }
        }
        assertThrows(UnsupportedOperationException.class,
                () -> model.lossAndGradientBatch(x, 64, rows, 0, 2, new float[20], 10));
    }

    @Test
    void maxBatchMustBePositive() {
        Exception e = assertThrows(IllegalStateException.class,
                () -> floatClasses.newInstance("batch.DigitsLOOPSModel", FloatModel.class, 0));
        assertEquals("maxBatch is 0; it must be at least 1", e.getCause().getCause().getMessage());
    }

    private static boolean hasMethod(CompiledClasses classes, Declaration d, String name) {
        try {
            for (Method m : classes.loadClass(d.generatedName()).getDeclaredMethods()) {
                if (m.getName().equals(name)) {
                    return true;
                }
            }
            return false;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int[] labels(io.chainrule.Model model, Random random) {
        if (!model.loss().takesClassIndex()) {
            return null;
        }
        int[] labels = new int[EXAMPLES];
        for (int k = 0; k < EXAMPLES; k++) {
            labels[k] = random.nextInt(model.classCount());
        }
        return labels;
    }

    private static int[] shuffled(Random random) {
        int[] rows = new int[EXAMPLES];
        for (int k = 0; k < EXAMPLES; k++) {
            rows[k] = k;
        }
        for (int k = EXAMPLES - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = rows[k];
            rows[k] = rows[j];
            rows[j] = t;
        }
        return rows;
    }

    private static void randomize(double[][] arrays, Random random) {
        for (double[] p : arrays) {
            for (int k = 0; k < p.length; k++) {
                p[k] = random.nextGaussian() * 0.6;
            }
        }
    }

    private static void copy(double[][] from, double[][] to) {
        for (int k = 0; k < from.length; k++) {
            System.arraycopy(from[k], 0, to[k], 0, from[k].length);
        }
    }

    private static void copy(float[][] from, float[][] to) {
        for (int k = 0; k < from.length; k++) {
            System.arraycopy(from[k], 0, to[k], 0, from[k].length);
        }
    }
}
