package io.chainrule.train;

import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Model;

/** Plain gradient descent, {@code θ ← θ − η g}, over any generated model. Allocates nothing. */
public final class Sgd {
    private Sgd() {
    }

    /** One step with learning rate {@code learningRate} on the model's accumulated gradients. */
    public static void step(Model model, double learningRate) {
        step(model, learningRate, 0.0);
    }

    /**
     * One step with L2 weight decay {@code λ}: {@code θ ← θ − η (g + λ θ)}. With {@code λ = 0}
     * this is {@link #step(Model, double)}.
     */
    public static void step(Model model, double learningRate, double weightDecay) {
        if (model instanceof FloatModel) {
            FloatModel m = (FloatModel) model;
            step(m.parameterArrays(), m.gradientArrays(), (float) learningRate, (float) weightDecay);
        } else {
            DoubleModel m = (DoubleModel) model;
            step(m.parameterArrays(), m.gradientArrays(), learningRate, weightDecay);
        }
    }

    /**
     * One step that also clears the gradients, in the same pass over each array:
     * {@code θ ← θ − η g; g ← 0}. The same parameters as {@link #step(Model, double)} followed by
     * {@link Model#zeroGradients()}, with one pass over the gradients instead of two: for a
     * hand-written loop that accumulates the next batch right after the step (zeroing is a third of
     * the update's memory traffic at batch size 1).
     */
    public static void stepAndClear(Model model, double learningRate) {
        if (model instanceof FloatModel) {
            FloatModel m = (FloatModel) model;
            stepAndClear(m.parameterArrays(), m.gradientArrays(), (float) learningRate);
        } else {
            DoubleModel m = (DoubleModel) model;
            stepAndClear(m.parameterArrays(), m.gradientArrays(), learningRate);
        }
    }

    static void step(float[][] parameters, float[][] gradients, float learningRate, float weightDecay) {
        step(parameters, gradients, learningRate, weightDecay, 0, parameters.length);
    }

    /** {@code p -= learningRate * (g + weightDecay * p)} on the arrays {@code from .. to - 1}. */
    static void step(float[][] parameters, float[][] gradients, float learningRate, float weightDecay, int from,
            int to) {
        for (int k = from; k < to; k++) {
            float[] p = parameters[k];
            float[] g = gradients[k];
            for (int i = 0; i < p.length; i++) {
                p[i] -= learningRate * (g[i] + weightDecay * p[i]);
            }
        }
    }

    static void step(double[][] parameters, double[][] gradients, double learningRate, double weightDecay) {
        step(parameters, gradients, learningRate, weightDecay, 0, parameters.length);
    }

    /** See {@link #step(float[][], float[][], float, float, int, int)}. */
    static void step(double[][] parameters, double[][] gradients, double learningRate, double weightDecay, int from,
            int to) {
        for (int k = from; k < to; k++) {
            double[] p = parameters[k];
            double[] g = gradients[k];
            for (int i = 0; i < p.length; i++) {
                p[i] -= learningRate * (g[i] + weightDecay * p[i]);
            }
        }
    }

    static void stepAndClear(float[][] parameters, float[][] gradients, float learningRate) {
        for (int k = 0; k < parameters.length; k++) {
            float[] p = parameters[k];
            float[] g = gradients[k];
            for (int i = 0; i < p.length; i++) {
                p[i] -= learningRate * g[i];
                g[i] = 0f;
            }
        }
    }

    static void stepAndClear(double[][] parameters, double[][] gradients, double learningRate) {
        for (int k = 0; k < parameters.length; k++) {
            double[] p = parameters[k];
            double[] g = gradients[k];
            for (int i = 0; i < p.length; i++) {
                p[i] -= learningRate * g[i];
                g[i] = 0.0;
            }
        }
    }
}
