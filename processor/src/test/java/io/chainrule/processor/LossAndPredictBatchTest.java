package io.chainrule.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Model;
import io.chainrule.processor.Networks.Declaration;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code lossAndPredictBatch} against {@code loss} and {@code predict} called on each example, in
 * the training classes of {@link InferenceTest}'s networks (every activation × loss × code shape ×
 * precision, and residual networks): the loss sum (summed in double from 0 in the order of the
 * examples) and every output to the last bit, in chunks of {@code maxBatch} (3 here: 7 examples
 * take chunks of 3, 3 and 1) and in one chunk at the default batch size, at offsets in every
 * array; the gradients stay as they were. A bad label anywhere in the batch is refused before any
 * output is written, and the overload for the other kind of target refuses.
 */
class LossAndPredictBatchTest {
    private static final int COUNT = 7;
    private static final int X_OFFSET = 2;
    private static final int TARGET_OFFSET = 3;
    private static final int OUT_OFFSET = 5;

    @BeforeAll
    static void compile() throws Exception {
        InferenceTest.compileAll();
    }

    @TestFactory
    Stream<DynamicTest> lossAndPredictBatchGivesTheBitsOfLossThenPredict() {
        return InferenceTest.networks.stream()
                .map(d -> DynamicTest.dynamicTest(d.generatedName(), () -> assertSameBits(d)));
    }

    private static void assertSameBits(Declaration d) throws Exception {
        Model batched = InferenceTest.classes.newInstance(d.generatedName(), Model.class, 3);
        Model single = InferenceTest.classes.newInstance(d.generatedName(), Model.class);
        Random random = new Random(d.name().hashCode() + 2);
        Inferences.randomize(batched, random);
        Inferences.load(single, Inferences.save(batched));
        int in = single.inputSize();
        int k = single.outputSize();
        boolean classifier = single.loss().takesClassIndex();
        double[] x = new double[X_OFFSET + COUNT * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian() * 2;
        }
        int[] labels = new int[TARGET_OFFSET + COUNT];
        double[] targets = new double[TARGET_OFFSET + COUNT * k];
        for (int e = 0; e < COUNT; e++) {
            labels[TARGET_OFFSET + e] = classifier ? random.nextInt(single.classCount()) : 0;
        }
        for (int i = TARGET_OFFSET; i < targets.length; i++) {
            targets[i] = random.nextGaussian();
        }
        if (single instanceof FloatModel f) {
            assertFloatBits(d, f, (FloatModel) batched, floats(x), labels, floats(targets), classifier);
        } else {
            assertDoubleBits(d, (DoubleModel) single, (DoubleModel) batched, x, labels, targets, classifier);
        }
    }

    private static void assertFloatBits(Declaration d, FloatModel single, FloatModel batched, float[] x, int[] labels,
            float[] targets, boolean classifier) {
        int in = single.inputSize();
        int k = single.outputSize();
        double expectedSum = 0;
        float[] expected = new float[OUT_OFFSET + COUNT * k];
        float[] one = new float[k];
        for (int e = 0; e < COUNT; e++) {
            int at = X_OFFSET + e * in;
            expectedSum += classifier ? single.loss(x, at, labels[TARGET_OFFSET + e])
                    : single.loss(x, at, targets, TARGET_OFFSET + e * k);
            single.predict(x, at, one);
            System.arraycopy(one, 0, expected, OUT_OFFSET + e * k, k);
        }
        for (FloatModel m : new FloatModel[] {batched, single}) {
            float[] out = new float[OUT_OFFSET + COUNT * k];
            double sum = classifier
                    ? m.lossAndPredictBatch(x, X_OFFSET, COUNT, labels, TARGET_OFFSET, out, OUT_OFFSET)
                    : m.lossAndPredictBatch(x, X_OFFSET, COUNT, targets, TARGET_OFFSET, out, OUT_OFFSET);
            assertEquals(Double.doubleToRawLongBits(expectedSum), Double.doubleToRawLongBits(sum), d.name() + ": loss sum");
            assertArrayEquals(bits(expected), bits(out), d.name() + ": outputs");
        }
        for (float[] gradient : batched.gradientArrays()) {
            assertArrayEquals(new float[gradient.length], gradient, d.name() + ": lossAndPredictBatch touched the gradients");
        }
        float[] out = new float[OUT_OFFSET + COUNT * k];
        if (classifier) {
            int[] bad = labels.clone();
            bad[TARGET_OFFSET + COUNT - 1] = single.classCount();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> batched.lossAndPredictBatch(x, X_OFFSET, COUNT, bad, TARGET_OFFSET, out, OUT_OFFSET));
            assertTrue(e.getMessage().contains(String.valueOf(single.classCount())), e.getMessage());
            assertThrows(UnsupportedOperationException.class,
                    () -> batched.lossAndPredictBatch(x, X_OFFSET, COUNT, targets, TARGET_OFFSET, out, OUT_OFFSET));
        } else {
            assertThrows(UnsupportedOperationException.class,
                    () -> batched.lossAndPredictBatch(x, X_OFFSET, COUNT, labels, TARGET_OFFSET, out, OUT_OFFSET));
        }
        assertArrayEquals(new float[out.length], out, d.name() + ": a refused batch wrote outputs");
    }

    private static void assertDoubleBits(Declaration d, DoubleModel single, DoubleModel batched, double[] x,
            int[] labels, double[] targets, boolean classifier) {
        int in = single.inputSize();
        int k = single.outputSize();
        double expectedSum = 0;
        double[] expected = new double[OUT_OFFSET + COUNT * k];
        double[] one = new double[k];
        for (int e = 0; e < COUNT; e++) {
            int at = X_OFFSET + e * in;
            expectedSum += classifier ? single.loss(x, at, labels[TARGET_OFFSET + e])
                    : single.loss(x, at, targets, TARGET_OFFSET + e * k);
            single.predict(x, at, one);
            System.arraycopy(one, 0, expected, OUT_OFFSET + e * k, k);
        }
        for (DoubleModel m : new DoubleModel[] {batched, single}) {
            double[] out = new double[OUT_OFFSET + COUNT * k];
            double sum = classifier
                    ? m.lossAndPredictBatch(x, X_OFFSET, COUNT, labels, TARGET_OFFSET, out, OUT_OFFSET)
                    : m.lossAndPredictBatch(x, X_OFFSET, COUNT, targets, TARGET_OFFSET, out, OUT_OFFSET);
            assertEquals(Double.doubleToRawLongBits(expectedSum), Double.doubleToRawLongBits(sum), d.name() + ": loss sum");
            assertArrayEquals(bits(expected), bits(out), d.name() + ": outputs");
        }
        for (double[] gradient : batched.gradientArrays()) {
            assertArrayEquals(new double[gradient.length], gradient, d.name() + ": lossAndPredictBatch touched the gradients");
        }
        double[] out = new double[OUT_OFFSET + COUNT * k];
        if (classifier) {
            int[] bad = labels.clone();
            bad[TARGET_OFFSET + COUNT - 1] = single.classCount();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> batched.lossAndPredictBatch(x, X_OFFSET, COUNT, bad, TARGET_OFFSET, out, OUT_OFFSET));
            assertTrue(e.getMessage().contains(String.valueOf(single.classCount())), e.getMessage());
            assertThrows(UnsupportedOperationException.class,
                    () -> batched.lossAndPredictBatch(x, X_OFFSET, COUNT, targets, TARGET_OFFSET, out, OUT_OFFSET));
        } else {
            assertThrows(UnsupportedOperationException.class,
                    () -> batched.lossAndPredictBatch(x, X_OFFSET, COUNT, labels, TARGET_OFFSET, out, OUT_OFFSET));
        }
        assertArrayEquals(new double[out.length], out, d.name() + ": a refused batch wrote outputs");
    }

    private static float[] floats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        Arrays.setAll(bits, i -> Float.floatToRawIntBits(values[i]));
        return bits;
    }

    private static long[] bits(double[] values) {
        long[] bits = new long[values.length];
        Arrays.setAll(bits, i -> Double.doubleToRawLongBits(values[i]));
        return bits;
    }
}
