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

    static void step(float[][] parameters, float[][] gradients, float learningRate, float weightDecay) {
        for (int k = 0; k < parameters.length; k++) {
            float[] p = parameters[k];
            float[] g = gradients[k];
            for (int i = 0; i < p.length; i++) {
                p[i] -= learningRate * (g[i] + weightDecay * p[i]);
            }
        }
    }

    static void step(double[][] parameters, double[][] gradients, double learningRate, double weightDecay) {
        for (int k = 0; k < parameters.length; k++) {
            double[] p = parameters[k];
            double[] g = gradients[k];
            for (int i = 0; i < p.length; i++) {
                p[i] -= learningRate * (g[i] + weightDecay * p[i]);
            }
        }
    }
}
