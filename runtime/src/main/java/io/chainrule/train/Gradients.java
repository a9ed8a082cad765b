package io.chainrule.train;

import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Model;

/**
 * Whole-model operations on the gradient arrays: global L2 norm, scaling, clipping by norm. The
 * norm is summed in double, array by array in {@code gradientArrays()} order. Allocates nothing.
 */
public final class Gradients {
    private Gradients() {
    }

    /** {@code sqrt(sum of g²)} over all gradient arrays of {@code model}. */
    public static double globalNorm(Model model) {
        if (model instanceof FloatModel) {
            return Math.sqrt(squaredNorm(((FloatModel) model).gradientArrays()));
        }
        return Math.sqrt(squaredNorm(((DoubleModel) model).gradientArrays()));
    }

    /** Multiplies every gradient of {@code model} by {@code factor}. */
    public static void scale(Model model, double factor) {
        if (model instanceof FloatModel) {
            scale(((FloatModel) model).gradientArrays(), (float) factor);
        } else {
            scale(((DoubleModel) model).gradientArrays(), factor);
        }
    }

    /**
     * Scales the gradients down so that their global norm is at most {@code maxNorm} (leaves them
     * unchanged if it already is) and returns the norm before clipping.
     */
    public static double clipByGlobalNorm(Model model, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("maxNorm must be > 0, was " + maxNorm);
        }
        double norm = globalNorm(model);
        if (norm > maxNorm) {
            scale(model, maxNorm / norm);
        }
        return norm;
    }

    static double squaredNorm(float[][] gradients) {
        double sum = 0;
        for (int k = 0; k < gradients.length; k++) {
            float[] g = gradients[k];
            for (int i = 0; i < g.length; i++) {
                sum += (double) g[i] * g[i];
            }
        }
        return sum;
    }

    static double squaredNorm(double[][] gradients) {
        double sum = 0;
        for (int k = 0; k < gradients.length; k++) {
            double[] g = gradients[k];
            for (int i = 0; i < g.length; i++) {
                sum += g[i] * g[i];
            }
        }
        return sum;
    }

    static void scale(float[][] gradients, float factor) {
        scale(gradients, factor, 0, gradients.length);
    }

    /** {@code g *= factor} on the arrays {@code from .. to - 1}. */
    static void scale(float[][] gradients, float factor, int from, int to) {
        for (int k = from; k < to; k++) {
            float[] g = gradients[k];
            for (int i = 0; i < g.length; i++) {
                g[i] *= factor;
            }
        }
    }

    static void scale(double[][] gradients, double factor) {
        scale(gradients, factor, 0, gradients.length);
    }

    /** See {@link #scale(float[][], float, int, int)}. */
    static void scale(double[][] gradients, double factor, int from, int to) {
        for (int k = from; k < to; k++) {
            double[] g = gradients[k];
            for (int i = 0; i < g.length; i++) {
                g[i] *= factor;
            }
        }
    }

    /**
     * The index of the array in which the running squared norm first stops being finite: the
     * array holding the first NaN or infinite gradient, or where the sum overflows. -1 if the
     * norm is finite.
     */
    static int firstNonFiniteArray(float[][] gradients) {
        double sum = 0;
        for (int k = 0; k < gradients.length; k++) {
            float[] g = gradients[k];
            for (int i = 0; i < g.length; i++) {
                sum += (double) g[i] * g[i];
            }
            if (!isFinite(sum)) {
                return k;
            }
        }
        return -1;
    }

    /** See {@link #firstNonFiniteArray(float[][])}. */
    static int firstNonFiniteArray(double[][] gradients) {
        double sum = 0;
        for (int k = 0; k < gradients.length; k++) {
            double[] g = gradients[k];
            for (int i = 0; i < g.length; i++) {
                sum += g[i] * g[i];
            }
            if (!isFinite(sum)) {
                return k;
            }
        }
        return -1;
    }

    /** {@code Double.isFinite}, which Android only has from API 24. */
    static boolean isFinite(double x) {
        return Math.abs(x) <= Double.MAX_VALUE;
    }
}
