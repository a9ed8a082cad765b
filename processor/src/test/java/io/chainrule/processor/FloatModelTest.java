package io.chainrule.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.chainrule.Activation;
import io.chainrule.CodeShape;
import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.processor.Networks.Declaration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Float models: the same network in float and double, given the same weights, predicts the
 * same values to float precision, and the float backward pass passes a finite-difference check
 * with a tolerance suited to float arithmetic.
 */
class FloatModelTest {
    /**
     * Float finite differences, five-point stencil: h is large enough that float rounding of the
     * loss (6e-8 × |L|, divided by h) stays near 1e-5 × |L|, and the O(h^4) truncation is negligible.
     */
    static final float H = 1e-2f;
    /** Allowed error: 1e-3 relative, plus the rounding noise of the float loss. */
    static final double RELATIVE = 1e-3;
    static final double NOISE = 1e-4;

    static List<Declaration[]> twins;
    static CompiledClasses classes;

    @BeforeAll
    static void compileAll() {
        if (classes != null) {
            return; // compiled already, for another test class in this JVM
        }
        twins = new ArrayList<>();
        List<Declaration> all = new ArrayList<>();
        for (Activation activation : Activation.values()) {
            for (Loss loss : Loss.values()) {
                for (CodeShape shape : GradientCheckTest.SHAPES) {
                    int outputs = loss == Loss.SIGMOID_CROSS_ENTROPY ? 1 : 3;
                    Activation output = loss == Loss.MEAN_SQUARED_ERROR ? activation : Activation.IDENTITY;
                    Declaration[] pair = new Declaration[2];
                    for (Precision precision : Precision.values()) {
                        pair[precision.ordinal()] = new Declaration("fp", "F_" + activation + "_" + loss + "_" + shape
                                + "_" + precision, 6, new int[] {9, outputs}, new Activation[] {activation, output},
                                loss, precision, shape);
                        all.add(pair[precision.ordinal()]);
                    }
                    twins.add(pair);
                }
            }
        }
        Compilation compilation = Networks.compile(all);
        assertThat(compilation).succeeded();
        classes = new CompiledClasses(compilation);
    }

    @TestFactory
    Stream<DynamicTest> floatAgreesWithDoubleAndPassesAFloatGradientCheck() {
        return twins.stream().map(pair -> DynamicTest.dynamicTest(pair[0].name(), () -> {
            FloatModel f = classes.newInstance(pair[0].generatedName(), FloatModel.class);
            DoubleModel d = classes.newInstance(pair[1].generatedName(), DoubleModel.class);
            GradientCheck.Example e = exampleWithGradientInEveryLayer(d);
            // the same weights: the double model's, rounded to float and back
            for (int k = 0; k < f.parameterArrays().length; k++) {
                double[] dp = d.parameterArrays()[k];
                for (int i = 0; i < dp.length; i++) {
                    f.parameterArrays()[k][i] = (float) dp[i];
                    dp[i] = f.parameterArrays()[k][i];
                }
            }
            float[] x = toFloat(e.x());
            double[] outD = new double[d.outputSize()];
            float[] outF = new float[f.outputSize()];
            d.predict(e.x(), 0, outD);
            f.predict(x, 0, outF);
            for (int k = 0; k < outD.length; k++) {
                assertEquals(outD[k], outF[k], 1e-5 * Math.max(1, Math.abs(outD[k])), "output " + k);
            }
            checkFloatGradient(f, x, e);
        }));
    }

    private static void checkFloatGradient(FloatModel f, float[] x, GradientCheck.Example e) {
        float[] target = e.target() == null ? null : toFloat(e.target());
        f.zeroGradients();
        if (target == null) {
            f.lossAndGradient(x, 0, e.label());
        } else {
            f.lossAndGradient(x, 0, target, 0);
        }
        boolean nonZero = false;
        for (int k = 0; k < f.parameterArrays().length; k++) {
            float[] p = f.parameterArrays()[k];
            for (int i = 0; i < p.length; i++) {
                float saved = p[i];
                float[] at = {saved + 2 * H, saved + H, saved - H, saved - 2 * H};
                double[] loss = new double[4];
                for (int s = 0; s < 4; s++) {
                    p[i] = at[s];
                    loss[s] = target == null ? f.loss(x, 0, e.label()) : f.loss(x, 0, target, 0);
                }
                p[i] = saved;
                // the perturbations actually applied, after rounding to float
                double h1 = ((double) at[1] - at[2]) / 2;
                double h2 = ((double) at[0] - at[3]) / 4;
                double numeric = (8 * (loss[1] - loss[2]) / (2 * h1) - (loss[0] - loss[3]) / (4 * h2) * 2) / 6;
                double analytic = f.gradientArrays()[k][i];
                double allowed = RELATIVE * Math.abs(analytic) + NOISE * Math.max(1, Math.abs(loss[1]));
                assertTrue(Math.abs(analytic - numeric) <= allowed,
                        f.architecture() + " array " + k + " element " + i + ": analytic " + analytic
                                + ", numeric " + numeric);
                nonZero |= Math.abs(analytic) > 1e-4;
            }
        }
        assertTrue(nonZero, "all-zero gradient");
    }

    /** An example whose gradient (in the double twin) is non-zero in every layer, so the check can fail. */
    static GradientCheck.Example exampleWithGradientInEveryLayer(DoubleModel d) {
        for (long seed = 1; seed < 100; seed++) {
            GradientCheck.Example e = GradientCheck.prepare(d, seed);
            d.zeroGradients();
            GradientCheck.lossAndGradient(d, e);
            boolean[] seen = new boolean[d.layerCount() + 1];
            for (int k = 0; k < d.gradientArrays().length; k++) {
                for (double g : d.gradientArrays()[k]) {
                    seen[d.layerOfParameterArray(k)] |= Math.abs(g) > 1e-3;
                }
            }
            boolean all = true;
            for (int l = 1; l < seen.length; l++) {
                all &= seen[l];
            }
            if (all) {
                return e;
            }
        }
        throw new AssertionError("no example with a gradient in every layer for " + d.architecture());
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
