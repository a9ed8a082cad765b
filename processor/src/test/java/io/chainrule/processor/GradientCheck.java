package io.chainrule.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.chainrule.DoubleModel;
import io.chainrule.Loss;
import java.lang.reflect.Field;
import java.util.Random;

/**
 * Central finite differences against a generated backward pass, in double. The derivative is
 * the five-point stencil {@code (-L(θ+2h) + 8L(θ+h) - 8L(θ-h) + L(θ-2h)) / 12h} with
 * {@code h = 1e-3}: its truncation error is O(h^4) (about 1e-13 here) and its rounding error
 * about 1e-13 × |L|, so a relative error below 1e-6 separates right from wrong by many orders.
 *
 * <p>Guards against false passes: every layer must have a non-zero weight gradient, the input
 * gradient must be non-zero, every pre-activation is kept at least {@link #KINK_DISTANCE} away
 * from ReLU's kink at 0 (a perturbation of 2h cannot cross it), and the hinge loss is checked
 * with a violated margin whose rival class leads the next one by at least that distance.
 */
public final class GradientCheck {
    public static final double H = 1e-3;
    public static final double TOLERANCE = 1e-6;
    /** Below this magnitude both gradients are compared absolutely, against {@link #ABSOLUTE}. */
    static final double FLOOR = 1e-5;
    static final double ABSOLUTE = 1e-11;
    static final double KINK_DISTANCE = 0.05;

    private GradientCheck() {
    }

    /** An example and the model's parameters, chosen so that the check is meaningful. */
    public record Example(double[] x, int label, double[] target) {
    }

    /** Random parameters and an input far from every kink and margin. */
    public static Example prepare(DoubleModel model, long seed) {
        Random random = new Random(seed);
        for (double[] p : model.parameterArrays()) {
            for (int i = 0; i < p.length; i++) {
                p[i] = random.nextGaussian() * 0.6;
            }
        }
        double[] out = new double[model.outputSize()];
        for (int attempt = 0; attempt < 10_000; attempt++) {
            double[] x = new double[model.inputSize()];
            for (int j = 0; j < x.length; j++) {
                x[j] = random.nextDouble() * 2 - 1;
            }
            model.predict(x, 0, out);
            if (minAbsPreActivation(model) < KINK_DISTANCE) {
                continue;
            }
            Loss loss = model.loss();
            if (loss == Loss.MEAN_SQUARED_ERROR) {
                double[] target = new double[model.outputSize()];
                for (int k = 0; k < target.length; k++) {
                    target[k] = random.nextDouble() * 2 - 1;
                }
                return new Example(x, -1, target);
            }
            if (loss == Loss.MULTICLASS_HINGE) {
                int label = argmin(out);
                if (rivalLead(out, label) < KINK_DISTANCE) {
                    continue;
                }
                return new Example(x, label, null);
            }
            return new Example(x, random.nextInt(model.classCount()), null);
        }
        throw new AssertionError("found no input away from the kinks of " + model.architecture());
    }

    /** Checks every parameter's and every input's gradient; returns the largest relative error. */
    public static double check(DoubleModel model, Example e) {
        double[][] params = model.parameterArrays();
        double[][] grads = model.gradientArrays();
        model.zeroGradients();
        double loss = lossAndGradient(model, e);
        assertEquals(loss(model, e), loss, 0.0, "lossAndGradient and loss disagree");
        double[][] analytic = new double[grads.length][];
        for (int k = 0; k < grads.length; k++) {
            analytic[k] = grads[k].clone();
        }
        double[] dx = new double[model.inputSize()];
        model.inputGradient(dx);

        double worst = 0;
        boolean[] layerHasGradient = new boolean[model.layerCount() + 1];
        for (int k = 0; k < params.length; k++) {
            for (int i = 0; i < params[k].length; i++) {
                double numeric = derivative(model, e, params[k], i);
                worst = Math.max(worst, compare(analytic[k][i], numeric,
                        model.architecture() + " parameter array " + k + " element " + i));
                if (Math.abs(analytic[k][i]) > 1e-6) {
                    layerHasGradient[model.layerOfParameterArray(k)] = true;
                }
            }
        }
        boolean inputHasGradient = false;
        for (int j = 0; j < dx.length; j++) {
            double numeric = derivative(model, e, e.x(), j);
            worst = Math.max(worst, compare(dx[j], numeric, model.architecture() + " input " + j));
            inputHasGradient |= Math.abs(dx[j]) > 1e-6;
        }
        for (int l = 1; l <= model.layerCount(); l++) {
            assertTrue(layerHasGradient[l], "layer " + l + " of " + model.architecture() + " has an all-zero gradient");
        }
        assertTrue(inputHasGradient, "dL/dx is zero everywhere for " + model.architecture());
        return worst;
    }

    private static double compare(double analytic, double numeric, String what) {
        double scale = Math.max(Math.abs(analytic), Math.abs(numeric));
        if (scale < FLOOR) {
            if (Math.abs(analytic - numeric) > ABSOLUTE) {
                fail(what + ": analytic " + analytic + ", numeric " + numeric);
            }
            return 0;
        }
        double relative = Math.abs(analytic - numeric) / scale;
        if (relative > TOLERANCE) {
            fail(what + ": analytic " + analytic + ", numeric " + numeric + ", relative error " + relative);
        }
        return relative;
    }

    private static double derivative(DoubleModel model, Example e, double[] array, int i) {
        double saved = array[i];
        double[] at = {saved + 2 * H, saved + H, saved - H, saved - 2 * H};
        double[] f = new double[4];
        for (int s = 0; s < 4; s++) {
            array[i] = at[s];
            f[s] = loss(model, e);
        }
        array[i] = saved;
        return (-f[0] + 8 * f[1] - 8 * f[2] + f[3]) / (12 * H);
    }

    public static double loss(DoubleModel model, Example e) {
        return e.target() == null ? model.loss(e.x(), 0, e.label()) : model.loss(e.x(), 0, e.target(), 0);
    }

    public static double lossAndGradient(DoubleModel model, Example e) {
        return e.target() == null
                ? model.lossAndGradient(e.x(), 0, e.label())
                : model.lossAndGradient(e.x(), 0, e.target(), 0);
    }

    /** The smallest |z| over every pre-activation buffer {@code z1, z2, ...} of the last forward pass. */
    static double minAbsPreActivation(Object model) {
        double min = Double.POSITIVE_INFINITY;
        try {
            for (Field f : model.getClass().getDeclaredFields()) {
                if (f.getName().matches("z\\d+")) {
                    f.setAccessible(true);
                    Object values = f.get(model);
                    if (values instanceof double[] d) {
                        for (double v : d) {
                            min = Math.min(min, Math.abs(v));
                        }
                    } else {
                        for (float v : (float[]) values) {
                            min = Math.min(min, Math.abs(v));
                        }
                    }
                }
            }
        } catch (IllegalAccessException ex) {
            throw new IllegalStateException(ex);
        }
        return min;
    }

    private static int argmin(double[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] < v[best]) {
                best = k;
            }
        }
        return best;
    }

    /** How far the best class other than {@code label} leads the second best (infinite with 2 classes). */
    private static double rivalLead(double[] scores, int label) {
        double first = Double.NEGATIVE_INFINITY;
        double second = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < scores.length; k++) {
            if (k == label) {
                continue;
            }
            if (scores[k] > first) {
                second = first;
                first = scores[k];
            } else if (scores[k] > second) {
                second = scores[k];
            }
        }
        return first - second;
    }
}
