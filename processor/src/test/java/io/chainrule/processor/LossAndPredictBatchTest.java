package io.chainrule.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Model;
import io.chainrule.processor.Networks.Declaration;
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
        String expected = oneByOne(single, x, labels, targets);
        assertEquals(expected, batch(batched, x, labels, targets, classifier, out(batched)), d.name());
        assertEquals(expected, batch(single, x, labels, targets, classifier, out(single)), d.name() + ", one chunk");
        Object[] gradients = batched instanceof FloatModel f ? f.gradientArrays() : ((DoubleModel) batched).gradientArrays();
        for (Object gradient : gradients) {
            assertTrue(bits(gradient).replace("0,", "").isEmpty(), d.name() + ": lossAndPredictBatch touched the gradients");
        }

        Object out = out(batched);
        String untouched = bits(out);
        if (classifier) {
            int[] bad = labels.clone();
            bad[TARGET_OFFSET + COUNT - 1] = single.classCount();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> batch(batched, x, bad, targets, true, out));
            assertTrue(e.getMessage().contains(String.valueOf(single.classCount())), e.getMessage());
        }
        assertThrows(UnsupportedOperationException.class, () -> batch(batched, x, labels, targets, !classifier, out));
        assertEquals(untouched, bits(out), d.name() + ": a refused batch wrote outputs");
    }

    /** A zeroed output array of {@code m}'s precision for the batch at {@link #OUT_OFFSET}. */
    private static Object out(Model m) {
        int length = OUT_OFFSET + COUNT * m.outputSize();
        return m instanceof FloatModel ? new float[length] : new double[length];
    }

    /**
     * {@code lossAndPredictBatch} by label or by target into {@code out}: the raw bits of the loss
     * sum and of every element of {@code out}, as text.
     */
    private static String batch(Model m, double[] x, int[] labels, double[] targets, boolean byLabel, Object out) {
        double sum;
        if (m instanceof FloatModel f) {
            float[] o = (float[]) out;
            sum = byLabel ? f.lossAndPredictBatch(floats(x), X_OFFSET, COUNT, labels, TARGET_OFFSET, o, OUT_OFFSET)
                    : f.lossAndPredictBatch(floats(x), X_OFFSET, COUNT, floats(targets), TARGET_OFFSET, o, OUT_OFFSET);
        } else {
            DoubleModel f = (DoubleModel) m;
            double[] o = (double[]) out;
            sum = byLabel ? f.lossAndPredictBatch(x, X_OFFSET, COUNT, labels, TARGET_OFFSET, o, OUT_OFFSET)
                    : f.lossAndPredictBatch(x, X_OFFSET, COUNT, targets, TARGET_OFFSET, o, OUT_OFFSET);
        }
        return Long.toHexString(Double.doubleToRawLongBits(sum)) + " " + bits(out);
    }

    /** What {@link #batch} must give: {@code loss} and {@code predict} on each example, the losses summed in double from 0. */
    private static String oneByOne(Model m, double[] x, int[] labels, double[] targets) {
        int in = m.inputSize();
        int k = m.outputSize();
        boolean byLabel = m.loss().takesClassIndex();
        double sum = 0;
        Object out = out(m);
        for (int e = 0; e < COUNT; e++) {
            int at = X_OFFSET + e * in;
            if (m instanceof FloatModel f) {
                float[] xf = floats(x);
                sum += byLabel ? f.loss(xf, at, labels[TARGET_OFFSET + e]) : f.loss(xf, at, floats(targets), TARGET_OFFSET + e * k);
                float[] one = new float[k];
                f.predict(xf, at, one);
                System.arraycopy(one, 0, out, OUT_OFFSET + e * k, k);
            } else {
                DoubleModel f = (DoubleModel) m;
                sum += byLabel ? f.loss(x, at, labels[TARGET_OFFSET + e]) : f.loss(x, at, targets, TARGET_OFFSET + e * k);
                double[] one = new double[k];
                f.predict(x, at, one);
                System.arraycopy(one, 0, out, OUT_OFFSET + e * k, k);
            }
        }
        return Long.toHexString(Double.doubleToRawLongBits(sum)) + " " + bits(out);
    }

    private static float[] floats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }

    /** The raw bits of a float[] or double[], as text. */
    private static String bits(Object values) {
        StringBuilder b = new StringBuilder();
        if (values instanceof float[] f) {
            for (float v : f) {
                b.append(Integer.toHexString(Float.floatToRawIntBits(v))).append(',');
            }
        } else {
            for (double v : (double[]) values) {
                b.append(Long.toHexString(Double.doubleToRawLongBits(v))).append(',');
            }
        }
        return b.toString();
    }
}
