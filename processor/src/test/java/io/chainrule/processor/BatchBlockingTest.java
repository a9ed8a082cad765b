package io.chainrule.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.chainrule.Activation;
import io.chainrule.CodeShape;
import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Loss;
import io.chainrule.Model;
import io.chainrule.Precision;
import io.chainrule.kernel.Products;
import io.chainrule.processor.Networks.Declaration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The batched loops handle several examples per pass over a weight row (issue 17), with a tail
 * for the rest: every batch size from 1 to {@code 2 * maxBatch + 1} (chunks that are and are not
 * multiples of the block) against the same examples one at a time through
 * {@code lossAndGradient}, whose loops are the per-example shape, compared bit for bit (raw
 * bits, so even the sign of a zero counts): loss sums, every gradient array, dL/dx and every
 * dL/dh, in both precisions. The layers' widths are odd and not multiples of 4 (dot products with
 * one sum and with four sums plus a tail); the 71 × 61 layer takes the transposed path for
 * batches of 8 and 9 examples and the dot products below that; one network has a projected skip
 * connection, whose gradient is added to a dL/dh ({@code +=}).
 */
class BatchBlockingTest {
    /** Not a multiple of the block of 4 examples. */
    static final int MAX_BATCH = 9;
    static final int EXAMPLES = 2 * (2 * MAX_BATCH + 1) + 2;

    static final List<Declaration> declarations = new ArrayList<>();
    static CompiledClasses classes;
    static Compilation compilation;

    @BeforeAll
    static void compile() {
        for (Precision precision : Precision.values()) {
            declarations.add(new Declaration("blocking", "Odd" + precision, 11, new int[] {71, 61, 5},
                    new Activation[] {Activation.RELU, Activation.TANH, Activation.IDENTITY},
                    Loss.SOFTMAX_CROSS_ENTROPY, precision, CodeShape.LOOPS));
            declarations.add(new Declaration("blocking", "Residual" + precision, 7, new int[] {9, 13, 10, 3},
                    new Activation[] {Activation.TANH, Activation.TANH, Activation.LEAKY_RELU, Activation.IDENTITY},
                    new int[] {0, 0, 2, 0}, new boolean[] {false, false, true, false}, Loss.MEAN_SQUARED_ERROR,
                    precision, CodeShape.LOOPS));
            // wide enough for the runtime's Products (where it has them): from x at offsets, from
            // h1 and through the projection P3 from h1; odd widths, tails after vectors of 4 to 16
            declarations.add(new Declaration("blocking", "Wide" + precision, 37, new int[] {45, 33, 40, 3},
                    new Activation[] {Activation.RELU, Activation.TANH, Activation.LEAKY_RELU, Activation.IDENTITY},
                    new int[] {0, 0, 2, 0}, new boolean[] {false, false, true, false}, Loss.SOFTMAX_CROSS_ENTROPY,
                    precision, CodeShape.LOOPS));
        }
        compilation = Networks.compile(declarations);
        assertThat(compilation).succeededWithoutWarnings();
        classes = new CompiledClasses(compilation);
    }

    @TestFactory
    Stream<DynamicTest> everyBatchSizeGivesTheBitsOfOneExampleAtATime() {
        return declarations.stream().map(d -> DynamicTest.dynamicTest(d.name(), () -> {
            Subject single = subject(d, false);
            Subject batched = subject(d, true);
            for (int size = 1; size <= 2 * MAX_BATCH + 1; size++) {
                single.model.zeroGradients();
                batched.model.zeroGradients();
                // two batches without zeroing in between: the second adds to the first
                for (int from : new int[] {1, 1 + size}) {
                    double expected = 0;
                    for (int r = from; r < from + size; r++) {
                        expected += single.loss(r);
                    }
                    assertEquals(Double.doubleToRawLongBits(expected),
                            Double.doubleToRawLongBits(batched.batch(from, from + size)), "loss sum, batch of " + size);
                }
                for (int k = 0; k < single.model.parameterArrayCount(); k++) {
                    assertArrayEquals(single.gradient(k), batched.gradient(k), "gradient array " + k + ", batch of " + size);
                }
                assertArrayEquals(single.inputGradient(), batched.inputGradient(), "dL/dx, batch of " + size);
                for (int l = 1; l <= single.model.layerCount(); l++) {
                    assertArrayEquals(single.outputGradient(l), batched.outputGradient(l), "dL/dh" + l + ", batch of " + size);
                }
            }
        }));
    }

    /**
     * The products wide enough for the runtime's {@code Products} are handed to them (with the
     * loops beside the call for a JVM without them), and only those: each Wide layer's forward
     * product, weight gradient and SGD step of one example (in the order of the class's forward
     * pass, {@code lossAndGradient}'s backward pass and {@code sgdStep}'s), then the batch's forward
     * product and weight gradient, and the projection's, and the Odd network's 71 × 61 layer.
     */
    @TestFactory
    Stream<DynamicTest> wideProductsAreHandedToTheRuntimesProducts() {
        return declarations.stream().map(d -> DynamicTest.dynamicTest(d.name(), () -> {
            String source = Networks.generatedSource(compilation, d.generatedName());
            String products = "Products." + d.precision().name() + ".";
            List<String> calls = new ArrayList<>();
            for (String line : source.split("\n")) {
                if (line.contains(products)) {
                    calls.add(line.trim());
                }
            }
            List<String> expected = List.of();
            if (d.name().startsWith("Wide")) {
                expected = List.of("affine(w1, x, off, z1, 37, 45);", "affine(w2, h1, 0, z2, 45, 33);",
                        "affine(w3, h2, 0, z3, 33, 40);", "affine(p3, h1, 0, h3, 45, 40);",
                        "outerProduct(dw3, h2, 0, dz3, 33, 40);", "outerProduct(dp3, h1, 0, dh3, 45, 40);",
                        "outerProduct(dw2, h1, 0, dz2, 45, 33);", "outerProduct(dw1, x, off, dz1, 37, 45);",
                        "descend(w3, h2, 0, dz3, rate, 33, 40);", "descend(p3, h1, 0, dh3, rate, 45, 40);",
                        "descend(w2, h1, 0, dz2, rate, 45, 33);", "descend(w1, x, off, dz1, rate, 37, 45);",
                        "affine(w1, x, offsets, batchZ[1], n, 37, 45);", "affine(w2, batchH[1], batchZ[2], n, 45, 33);",
                        "affine(w3, batchH[2], batchZ[3], n, 33, 40);", "affine(p3, batchH[1], batchH[3], n, 45, 40);",
                        "outerProduct(dw3, batchH[2], batchDz[3], n, 33, 40);", "outerProduct(dp3, batchH[1], batchDh[3], n, 45, 40);",
                        "outerProduct(dw2, batchH[1], batchDz[2], n, 45, 33);", "outerProduct(dw1, x, offsets, batchDz[1], n, 37, 45);");
            } else if (d.name().startsWith("Odd")) {
                expected = List.of("affine(w2, h1, 0, z2, 71, 61);", "outerProduct(dw2, h1, 0, dz2, 71, 61);",
                        "descend(w2, h1, 0, dz2, rate, 71, 61);", "affine(w2, batchH[1], batchZ[2], n, 71, 61);",
                        "outerProduct(dw2, batchH[1], batchDz[2], n, 71, 61);");
            }
            assertEquals(expected.stream().map(call -> products + call).toList(), calls);
            String test = "if (Products." + d.precision().name() + " != null) {";
            assertEquals(expected.size(), source.split(Pattern.quote(test), -1).length - 1, test);
        }));
    }

    /**
     * The products this run uses: none here (the processor's tests run the generated loops), the
     * Vector API's where chainrule-vector runs these tests with {@code chainrule.test.vector=true}.
     */
    @Test
    void theProductsInUseAreTheOnesThisRunIsFor() {
        boolean vector = Boolean.getBoolean("chainrule.test.vector");
        assertEquals(vector, Products.FLOAT != null, Products.describe());
        assertEquals(vector, Products.DOUBLE != null, Products.describe());
    }

    /** The footprint's comment names the transposed copies where the class holds them, and only there. */
    @TestFactory
    Stream<DynamicTest> theFootprintSaysWhenItHoldsTransposedCopies() {
        return declarations.stream().map(d -> DynamicTest.dynamicTest(d.name(), () -> {
            String source = Networks.generatedSource(compilation, d.generatedName());
            boolean transposes = source.contains("transposedW");
            assertEquals(d.name().startsWith("Odd"), transposes, "the 71 x 61 layer, and only it, takes the transposed path");
            String comment = transposes
                    ? "Bytes of parameters, gradients, activation buffers and transposed weight copies."
                    : "Bytes of parameters, gradients and activation buffers.";
            assertTrue(source.contains("     * " + comment + "\n"), comment + "\n" + source);
        }));
    }

    /** A model of {@code d} with seeded parameters and the same seeded inputs and targets for each call. */
    private static Subject subject(Declaration d, boolean batched) {
        Class<?> type = d.precision() == Precision.FLOAT ? FloatModel.class : DoubleModel.class;
        Object model = batched ? classes.newInstance(d.generatedName(), type, MAX_BATCH)
                : classes.newInstance(d.generatedName(), type);
        ((Model) model).initialize(5);
        return new Subject((Model) model, new Random(d.name().hashCode() + 1));
    }

    /** A model, its examples in shuffled order, and its results as raw bits whatever its precision. */
    private static final class Subject {
        final Model model;
        final int stride;
        final int[] rows = new int[EXAMPLES];
        final int[] labels = new int[EXAMPLES];
        final double[] x;
        final double[] targets;
        final float[] xf;
        final float[] targetsf;

        Subject(Model model, Random random) {
            this.model = model;
            this.stride = model.inputSize() + 1;
            x = new double[EXAMPLES * stride];
            targets = new double[EXAMPLES * model.outputSize()];
            for (int k = 0; k < x.length; k++) {
                x[k] = random.nextDouble() * 2 - 1;
            }
            for (int k = 0; k < targets.length; k++) {
                targets[k] = random.nextDouble() * 2 - 1;
            }
            for (int k = 0; k < EXAMPLES; k++) {
                rows[k] = (k * 7 + 3) % EXAMPLES;
                labels[k] = model.loss().takesClassIndex() ? random.nextInt(model.classCount()) : 0;
            }
            xf = toFloat(x);
            targetsf = toFloat(targets);
        }

        boolean isFloat() {
            return model instanceof FloatModel;
        }

        boolean byLabel() {
            return model.loss().takesClassIndex();
        }

        double loss(int r) {
            int row = rows[r];
            int out = model.outputSize();
            if (isFloat()) {
                FloatModel m = (FloatModel) model;
                return byLabel() ? m.lossAndGradient(xf, row * stride, labels[row])
                        : m.lossAndGradient(xf, row * stride, targetsf, row * out);
            }
            DoubleModel m = (DoubleModel) model;
            return byLabel() ? m.lossAndGradient(x, row * stride, labels[row])
                    : m.lossAndGradient(x, row * stride, targets, row * out);
        }

        double batch(int from, int to) {
            int out = model.outputSize();
            if (isFloat()) {
                FloatModel m = (FloatModel) model;
                return byLabel() ? m.lossAndGradientBatch(xf, stride, rows, from, to, labels)
                        : m.lossAndGradientBatch(xf, stride, rows, from, to, targetsf, out);
            }
            DoubleModel m = (DoubleModel) model;
            return byLabel() ? m.lossAndGradientBatch(x, stride, rows, from, to, labels)
                    : m.lossAndGradientBatch(x, stride, rows, from, to, targets, out);
        }

        long[] gradient(int k) {
            return isFloat() ? bits(((FloatModel) model).gradientArrays()[k]) : bits(((DoubleModel) model).gradientArrays()[k]);
        }

        long[] inputGradient() {
            if (isFloat()) {
                float[] dx = new float[model.inputSize()];
                ((FloatModel) model).inputGradient(dx);
                return bits(dx);
            }
            double[] dx = new double[model.inputSize()];
            ((DoubleModel) model).inputGradient(dx);
            return bits(dx);
        }

        long[] outputGradient(int layer) {
            return isFloat() ? bits(((FloatModel) model).outputGradient(layer))
                    : bits(((DoubleModel) model).outputGradient(layer));
        }
    }

    private static float[] toFloat(double[] values) {
        float[] f = new float[values.length];
        for (int k = 0; k < values.length; k++) {
            f[k] = (float) values[k];
        }
        return f;
    }

    private static long[] bits(double[] values) {
        long[] bits = new long[values.length];
        for (int k = 0; k < values.length; k++) {
            bits[k] = Double.doubleToRawLongBits(values[k]);
        }
        return bits;
    }

    private static long[] bits(float[] values) {
        long[] bits = new long[values.length];
        for (int k = 0; k < values.length; k++) {
            bits[k] = Float.floatToRawIntBits(values[k]);
        }
        return bits;
    }
}
