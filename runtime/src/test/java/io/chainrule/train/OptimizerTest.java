package io.chainrule.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.Loss;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The update rules on a one-weight model (in = out = 1: arrays W[0] and the bias), checked against
 * the formulas computed by hand; the bias's gradient is held at zero.
 */
class OptimizerTest {
    private final DoubleLinearModel model = new DoubleLinearModel(1, 1, Loss.MEAN_SQUARED_ERROR);

    private double weight() {
        return model.parameterArrays()[0][0];
    }

    /** Binds, sets the weight to {@code w0}, then steps once per gradient in {@code gradients}. */
    private void run(Optimizer optimizer, double w0, double learningRate, double... gradients) {
        optimizer.bind(model);
        model.parameterArrays()[0][0] = w0;
        for (int t = 0; t < gradients.length; t++) {
            model.zeroGradients();
            model.gradientArrays()[0][0] = gradients[t];
            optimizer.step(model, learningRate, t + 1);
        }
    }

    @Test
    void gradientDescentSubtractsScaledGradient() {
        run(new GradientDescent(), 1.0, 0.1, 0.5, -0.25);
        assertEquals(1.0 - 0.05 + 0.025, weight(), 1e-15);
        assertEquals(0.0, model.parameterArrays()[1][0]);
    }

    @Test
    void weightDecayAddsLambdaTheta() {
        // θ1 = 1 − 0.1 (0.5 + 0.2 · 1) = 0.93
        run(new GradientDescent(0.2), 1.0, 0.1, 0.5);
        assertEquals(0.93, weight(), 1e-15);
    }

    @Test
    void classicMomentumAccumulatesVelocity() {
        // v = 0.5, 0.95, 1.355; θ = 1 − 0.1 v each step
        run(new Momentum(0.9), 1.0, 0.1, 0.5, 0.5, 0.5);
        assertEquals(1.0 - 0.05 - 0.095 - 0.1355, weight(), 1e-15);
    }

    @Test
    void nesterovLooksAhead() {
        // v1 = 0.5: θ −= 0.1 (0.5 + 0.45) ; v2 = 0.95: θ −= 0.1 (0.5 + 0.855)
        run(new Momentum(0.9, true, 0.0), 1.0, 0.1, 0.5, 0.5);
        assertEquals(1.0 - 0.095 - 0.1355, weight(), 1e-15);
    }

    @Test
    void momentumWithWeightDecay() {
        // g = 0.5 + 0.1 · 2 = 0.7, v = 0.7, θ = 2 − 0.1 · 0.7
        run(new Momentum(0.9, false, 0.1), 2.0, 0.1, 0.5);
        assertEquals(1.93, weight(), 1e-15);
    }

    @Test
    void adamFirstStepIsLearningRateTimesSign() {
        run(new Adam(), 1.0, 0.01, 123.0);
        assertEquals(0.99, weight(), 1e-10);
    }

    @Test
    void adamMatchesHandComputation() {
        double b1 = 0.8;
        double b2 = 0.9;
        double eps = 1e-3;
        // t = 1: g = 0.5  → m = 0.1,  v = 0.025;   m̂ = 0.5,  v̂ = 0.25
        // t = 2: g = -1.0 → m = -0.12, v = 0.1225; m̂ = -0.12/0.36, v̂ = 0.1225/0.19
        double m1Hat = 0.5;
        double v1Hat = 0.25;
        double m2Hat = -0.12 / 0.36;
        double v2Hat = 0.1225 / 0.19;
        double expected = 1.0 - 0.1 * m1Hat / (Math.sqrt(v1Hat) + eps) - 0.1 * m2Hat / (Math.sqrt(v2Hat) + eps);
        run(new Adam(b1, b2, eps, 0.0), 1.0, 0.1, 0.5, -1.0);
        assertEquals(expected, weight(), 1e-12);
    }

    @Test
    void powerBySquaringMatchesPow() {
        assertEquals(1.0, Adam.power(0.9, 0));
        for (int t = 1; t < 3000; t += 7) {
            assertEquals(Math.pow(0.999, t), Adam.power(0.999, t), 1e-13 * Math.pow(0.999, t) + 1e-300);
        }
    }

    @Test
    void floatKernelsAgreeWithDoubleKernels() {
        Optimizer[] floats = {new GradientDescent(0.01), new Momentum(0.9, true, 0.01), new Adam(0.9, 0.99, 1e-8, 0.01)};
        Optimizer[] doubles = {new GradientDescent(0.01), new Momentum(0.9, true, 0.01), new Adam(0.9, 0.99, 1e-8, 0.01)};
        for (int o = 0; o < floats.length; o++) {
            FloatLinearModel f = new FloatLinearModel(1, 1, Loss.MEAN_SQUARED_ERROR);
            floats[o].bind(f);
            doubles[o].bind(model);
            f.parameterArrays()[0][0] = 1f;
            model.parameterArrays()[0][0] = 1.0;
            for (int t = 1; t <= 5; t++) {
                f.gradientArrays()[0][0] = 0.3f * t;
                model.gradientArrays()[0][0] = 0.3 * t;
                floats[o].step(f, 0.05, t);
                doubles[o].step(model, 0.05, t);
            }
            assertEquals(weight(), f.parameterArrays()[0][0], 1e-5, floats[o].getClass().getSimpleName());
        }
    }

    @Test
    void stepAndClearIsStepThenZeroGradientsInOnePass() {
        Random random = new Random(7);
        FloatLinearModel fused = new FloatLinearModel(5, 3, Loss.MEAN_SQUARED_ERROR);
        FloatLinearModel apart = new FloatLinearModel(5, 3, Loss.MEAN_SQUARED_ERROR);
        DoubleLinearModel fusedDouble = new DoubleLinearModel(5, 3, Loss.MEAN_SQUARED_ERROR);
        DoubleLinearModel apartDouble = new DoubleLinearModel(5, 3, Loss.MEAN_SQUARED_ERROR);
        for (int k = 0; k < 6; k++) {
            for (int i = 0; i < 3; i++) {
                float w = random.nextFloat() - 0.5f;
                float g = random.nextFloat() - 0.5f;
                fused.parameterArrays()[k][i] = w;
                apart.parameterArrays()[k][i] = w;
                fused.gradientArrays()[k][i] = g;
                apart.gradientArrays()[k][i] = g;
                fusedDouble.parameterArrays()[k][i] = w;
                apartDouble.parameterArrays()[k][i] = w;
                fusedDouble.gradientArrays()[k][i] = g;
                apartDouble.gradientArrays()[k][i] = g;
            }
        }
        float w00 = fused.parameterArrays()[0][0];
        float g00 = fused.gradientArrays()[0][0];
        Sgd.stepAndClear(fused, 0.3);
        Sgd.step(apart, 0.3);
        apart.zeroGradients();
        Sgd.stepAndClear(fusedDouble, 0.3);
        Sgd.step(apartDouble, 0.3);
        apartDouble.zeroGradients();
        for (int k = 0; k < 6; k++) {
            assertArrayEquals(apart.parameterArrays()[k], fused.parameterArrays()[k]);
            assertArrayEquals(new float[3], fused.gradientArrays()[k]);
            assertArrayEquals(apartDouble.parameterArrays()[k],
                    fusedDouble.parameterArrays()[k]);
            assertArrayEquals(new double[3], fusedDouble.gradientArrays()[k]);
        }
        // the step itself, by hand for one weight: θ − η g
        assertEquals(w00 - 0.3f * g00, fused.parameterArrays()[0][0]);
    }

    /**
     * The default {@code sgdStep} of a hand-written model: gradient from zero, then the step; the
     * gradients it finds are ignored and it leaves them zero. By hand for a 1-1 linear model with
     * squared error: L = (w x + b - t)², dL/dw = 2 (w x + b - t) x.
     */
    @Test
    void defaultSgdStepIsGradientFromZeroThenStep() {
        FloatLinearModel f = new FloatLinearModel(1, 1, Loss.MEAN_SQUARED_ERROR);
        DoubleLinearModel d = new DoubleLinearModel(1, 1, Loss.MEAN_SQUARED_ERROR);
        f.parameterArrays()[0][0] = 0.5f;
        f.parameterArrays()[1][0] = 0.25f;
        d.parameterArrays()[0][0] = 0.5;
        d.parameterArrays()[1][0] = 0.25;
        f.gradientArrays()[0][0] = 100f;
        d.gradientArrays()[1][0] = 100;
        // residual r = 0.5 * 2 + 0.25 - 1 = 0.25: loss r² = 0.0625, dL/dw = 2 r x = 1, dL/db = 2 r = 0.5
        assertEquals(0.0625f, f.sgdStep(new float[] {7f, 2f}, 1, new float[] {1f}, 0, 0.1f));
        assertEquals(0.0625, d.sgdStep(new double[] {2}, 0, new double[] {9, 1}, 1, 0.1));
        assertEquals(0.5f - 0.1f * 1f, f.parameterArrays()[0][0]);
        assertEquals(0.25f - 0.1f * 0.5f, f.parameterArrays()[1][0]);
        assertEquals(0.5 - 0.1 * 1, d.parameterArrays()[0][0]);
        assertEquals(0.25 - 0.1 * 0.5, d.parameterArrays()[1][0]);
        assertArrayEquals(new float[1], f.gradientArrays()[0]);
        assertArrayEquals(new double[1], d.gradientArrays()[1]);
    }

    @Test
    void bindingAgainResetsState() {
        Momentum momentum = new Momentum(0.9);
        run(momentum, 1.0, 0.1, 0.5, 0.5);
        run(momentum, 1.0, 0.1, 0.5);
        assertEquals(0.95, weight(), 1e-15);
    }

    @Test
    void stepRequiresTheBoundModel() {
        Adam adam = new Adam();
        IllegalStateException unbound = assertThrows(IllegalStateException.class, () -> adam.step(model, 0.1, 1));
        assertTrue(unbound.getMessage().contains("bind"));
        adam.bind(new FloatLinearModel(1, 1, Loss.MEAN_SQUARED_ERROR));
        assertThrows(IllegalStateException.class, () -> adam.step(model, 0.1, 1));
        adam.bind(model);
        assertThrows(IllegalArgumentException.class, () -> adam.step(model, 0.1, 0));
    }

    @Test
    void invalidHyperparametersAreRejectedWithTheirName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Momentum(1.0))
                .getMessage().contains("momentum"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Adam(0.9, -0.1, 1e-8, 0))
                .getMessage().contains("beta2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Adam(0.9, 0.999, 0, 0))
                .getMessage().contains("epsilon"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new GradientDescent(-1))
                .getMessage().contains("weightDecay"));
    }
}
