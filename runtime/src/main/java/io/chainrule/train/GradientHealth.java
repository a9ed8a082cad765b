package io.chainrule.train;

import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Model;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Per-layer gradient norms of one backward pass: the norm of each layer's parameter gradient
 * (weights, bias and projection) and of {@code dL/dh}, the gradient with respect to its output.
 * In a deep plain network of sigmoid or tanh layers the first layers' norms are orders of
 * magnitude below the last layer's (vanishing gradients); residual connections keep them level.
 */
public final class GradientHealth {
    private final double[] weightNorms;
    private final double[] outputNorms;

    private GradientHealth(double[] weightNorms, double[] outputNorms) {
        this.weightNorms = weightNorms;
        this.outputNorms = outputNorms;
    }

    /** The norms of the gradients the model holds now. */
    public static GradientHealth of(Model model) {
        double[] weights = new double[model.layerCount() + 1];
        double[] outputs = new double[model.layerCount() + 1];
        measure(model, weights, outputs);
        return new GradientHealth(weights, outputs);
    }

    /**
     * Norms measured elsewhere (another machine's trainer), in {@link #measure}'s layout: index
     * {@code l} for layer {@code l}, 1 .. layer count (index 0 unused). Copies the arrays.
     */
    public static GradientHealth of(double[] weightNorms, double[] outputNorms) {
        if (weightNorms.length != outputNorms.length || weightNorms.length < 2) {
            throw new IllegalArgumentException("expected two arrays of layer count + 1 norms, got " + weightNorms.length
                    + " and " + outputNorms.length);
        }
        return copyOf(weightNorms, outputNorms);
    }

    /** A snapshot of norms measured by {@link #measure}. */
    static GradientHealth copyOf(double[] weightNorms, double[] outputNorms) {
        return new GradientHealth(weightNorms.clone(), outputNorms.clone());
    }

    /**
     * Writes, without allocating, the norm of layer l's parameter gradient to {@code weightNorms[l]}
     * and of its {@code dL/dh} to {@code outputNorms[l]}, for l = 1 .. layerCount (index 0 unused).
     */
    public static void measure(Model model, double[] weightNorms, double[] outputNorms) {
        measureWeights(model, weightNorms);
        measureOutputs(model, outputNorms);
    }

    /** The {@code weightNorms} half of {@link #measure}: the norms of the parameter gradients the model holds. */
    static void measureWeights(Model model, double[] weightNorms) {
        for (int l = 0; l < weightNorms.length; l++) {
            weightNorms[l] = 0;
        }
        int arrays = model.parameterArrayCount();
        if (model instanceof FloatModel) {
            FloatModel m = (FloatModel) model;
            for (int k = 0; k < arrays; k++) {
                weightNorms[model.layerOfParameterArray(k)] += squaredNorm(m.gradientArrays()[k]);
            }
        } else {
            DoubleModel m = (DoubleModel) model;
            for (int k = 0; k < arrays; k++) {
                weightNorms[model.layerOfParameterArray(k)] += squaredNorm(m.gradientArrays()[k]);
            }
        }
        for (int l = 1; l < weightNorms.length; l++) {
            weightNorms[l] = Math.sqrt(weightNorms[l]);
        }
    }

    /** The {@code outputNorms} half of {@link #measure}: the norms of {@code dL/dh} of the last backward pass. */
    static void measureOutputs(Model model, double[] outputNorms) {
        if (model instanceof FloatModel) {
            FloatModel m = (FloatModel) model;
            for (int l = 1; l <= model.layerCount(); l++) {
                outputNorms[l] = Math.sqrt(squaredNorm(m.outputGradient(l)));
            }
        } else {
            DoubleModel m = (DoubleModel) model;
            for (int l = 1; l <= model.layerCount(); l++) {
                outputNorms[l] = Math.sqrt(squaredNorm(m.outputGradient(l)));
            }
        }
    }

    private static double squaredNorm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return sum;
    }

    private static double squaredNorm(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x * x;
        }
        return sum;
    }

    /** Number of layers. */
    public int layerCount() {
        return weightNorms.length - 1;
    }

    /** Norm of the gradient of layer {@code layer}'s parameters (1-based). */
    public double weightGradientNorm(int layer) {
        return weightNorms[layer];
    }

    /** Norm of {@code dL/dh} of layer {@code layer} (1-based). */
    public double outputGradientNorm(int layer) {
        return outputNorms[layer];
    }

    /**
     * Problems worth a warning, each naming its layer: a layer whose parameter gradient norm is
     * below {@code vanishingRatio} times the last layer's (vanishing), or above
     * {@code explodingNorm} or not finite (exploding). Empty when all is well.
     */
    public List<String> problems(double vanishingRatio, double explodingNorm) {
        List<String> problems = new ArrayList<String>();
        double last = weightNorms[layerCount()];
        for (int l = 1; l <= layerCount(); l++) {
            double norm = weightNorms[l];
            if (Double.isNaN(norm) || Double.isInfinite(norm) || norm > explodingNorm) {
                problems.add(String.format(Locale.ROOT, "exploding gradient in layer %d: norm %.3g (limit %.3g)",
                        l, norm, explodingNorm));
            } else if (l < layerCount() && norm < vanishingRatio * last) {
                problems.add(String.format(Locale.ROOT,
                        "vanishing gradient in layer %d: norm %.3g is %.1e of the last layer's %.3g", l, norm,
                        norm / last, last));
            }
        }
        return Collections.unmodifiableList(problems);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("layer  |dL/dW|      |dL/dh|\n");
        for (int l = 1; l <= layerCount(); l++) {
            s.append(String.format(Locale.ROOT, "%5d  %-11.3e  %-11.3e%n", l, weightNorms[l], outputNorms[l]));
        }
        return s.toString();
    }
}
