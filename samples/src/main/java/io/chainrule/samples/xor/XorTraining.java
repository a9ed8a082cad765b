package io.chainrule.samples.xor;

import io.chainrule.train.Sgd;

/**
 * Trains {@link XorModel} with full-batch gradient descent on the four XOR points until it
 * classifies all of them correctly.
 */
public final class XorTraining {
    /** The four points, flat: (0,0), (0,1), (1,0), (1,1). */
    static final float[] INPUTS = {0, 0, 0, 1, 1, 0, 1, 1};
    /** XOR of each point. */
    static final int[] LABELS = {0, 1, 1, 0};

    private XorTraining() {
    }

    /**
     * Trains from the seeded initialisation with learning rate {@code learningRate}; returns the
     * number of epochs it took to separate all four points, or -1 if {@code maxEpochs} did not.
     */
    public static int train(XorModel model, long seed, double learningRate, int maxEpochs) {
        model.initialize(seed);
        for (int epoch = 1; epoch <= maxEpochs; epoch++) {
            model.zeroGradients();
            for (int i = 0; i < LABELS.length; i++) {
                model.lossAndGradient(INPUTS, 2 * i, LABELS[i]);
            }
            Sgd.step(model, learningRate / LABELS.length);
            if (separatesAll(model)) {
                return epoch;
            }
        }
        return -1;
    }

    /** True if the model's probability is above 1/2 exactly for the points whose XOR is 1. */
    public static boolean separatesAll(XorModel model) {
        float[] out = new float[1];
        for (int i = 0; i < LABELS.length; i++) {
            model.predict(INPUTS, 2 * i, out);
            if ((out[0] > 0.5f ? 1 : 0) != LABELS[i]) {
                return false;
            }
        }
        return true;
    }

    /** Prints the probability the model gives each point. */
    public static String describe(XorModel model) {
        StringBuilder s = new StringBuilder();
        float[] out = new float[1];
        for (int i = 0; i < LABELS.length; i++) {
            model.predict(INPUTS, 2 * i, out);
            s.append(String.format("  %.0f xor %.0f = %d   p(1) = %.3f%n", INPUTS[2 * i], INPUTS[2 * i + 1],
                    LABELS[i], out[0]));
        }
        return s.toString();
    }
}
