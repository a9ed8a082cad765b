package io.chainrule.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chainrule.CodeShape;
import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.benchmarks.reference.ReferenceMlpDouble;
import io.chainrule.benchmarks.reference.ReferenceMlpFloat;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The hand-written peer computes what the generated models compute, from the same weights. */
class ReferenceMatchesGeneratedTest {
    private static final int EXAMPLES = 5;

    @ParameterizedTest
    @EnumSource(value = CodeShape.class, names = {"LOOPS", "UNROLLED"})
    void digitsGradientsAgreeInDouble(CodeShape shape) {
        DoubleModel model = Networks.digitsDouble(shape);
        model.initialize(7L);
        ReferenceMlpDouble reference = new ReferenceMlpDouble(64, 32, 10, false);
        reference.copyParameters(model.parameterArrays());
        double[] x = randomInputs(64 * EXAMPLES, new Random(1L));
        model.zeroGradients();
        double modelLoss = 0.0;
        double referenceLoss = 0.0;
        for (int n = 0; n < EXAMPLES; n++) {
            modelLoss += model.lossAndGradient(x, n * 64, n % 10);
            referenceLoss += reference.lossAndGradient(x, n * 64, n % 10);
        }
        assertEquals(modelLoss, referenceLoss, 1e-12);
        double[][] expected = model.gradientArrays();
        double[][] actual = reference.gradientArrays();
        assertEquals(expected.length, actual.length);
        for (int k = 0; k < expected.length; k++) {
            assertArrayEquals(expected[k], actual[k], 1e-12, "gradient array " + k);
        }
    }

    @ParameterizedTest
    @EnumSource(value = CodeShape.class, names = {"LOOPS", "UNROLLED"})
    void digitsGradientsAgreeInFloat(CodeShape shape) {
        FloatModel model = Networks.digitsFloat(shape);
        model.initialize(7L);
        ReferenceMlpFloat reference = new ReferenceMlpFloat(64, 32, 10, false);
        reference.copyParameters(model.parameterArrays());
        float[] x = toFloat(randomInputs(64 * EXAMPLES, new Random(1L)));
        model.zeroGradients();
        for (int n = 0; n < EXAMPLES; n++) {
            assertEquals(model.lossAndGradient(x, n * 64, n % 10), reference.lossAndGradient(x, n * 64, n % 10), 1e-5f);
        }
        float[][] expected = model.gradientArrays();
        float[][] actual = reference.gradientArrays();
        for (int k = 0; k < expected.length; k++) {
            assertArrayEquals(expected[k], actual[k], 1e-5f, "gradient array " + k);
        }
    }

    @ParameterizedTest
    @EnumSource(value = CodeShape.class, names = {"LOOPS", "UNROLLED"})
    void tinyPredictionsAgree(CodeShape shape) {
        DoubleModel model = Networks.tinyDouble(shape);
        model.initialize(3L);
        ReferenceMlpDouble reference = new ReferenceMlpDouble(4, 8, 3, true);
        reference.copyParameters(model.parameterArrays());
        double[] x = randomInputs(4 * EXAMPLES, new Random(2L));
        double[] expected = new double[3];
        double[] actual = new double[3];
        for (int n = 0; n < EXAMPLES; n++) {
            model.predict(x, n * 4, expected);
            reference.predict(x, n * 4, actual);
            assertArrayEquals(expected, actual, 1e-12);
        }
    }

    private static double[] randomInputs(int n, Random random) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 2.0 * random.nextDouble() - 1.0;
        }
        return x;
    }

    private static float[] toFloat(double[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) x[i];
        }
        return out;
    }
}
