package io.chainrule.benchmarks.data;

import java.util.Arrays;
import java.util.Random;

/**
 * The synthetic data of workload P3: 20,000 examples of 784 features uniform in [0, 1), each
 * labelled with the argmax of {@code x · M} for a fixed random 784×10 matrix M (standard normal
 * entries). Both are drawn from seeded generators, so every run sees the same data.
 */
public final class SyntheticMnist {
    /** Features per example. */
    public static final int FEATURES = 784;
    /** Number of classes. */
    public static final int CLASSES = 10;
    /** Number of examples. */
    public static final int SIZE = 20_000;

    private static final long FEATURE_SEED = 784L;
    private static final long MATRIX_SEED = 10L;

    /** The features, row-major, {@code FEATURES} per example. */
    public final float[] features;
    /** The labels. */
    public final int[] labels;

    private SyntheticMnist(float[] features, int[] labels) {
        this.features = features;
        this.labels = labels;
    }

    /** Generates the data set. */
    public static SyntheticMnist generate() {
        Random matrixRandom = new Random(MATRIX_SEED);
        double[] m = new double[FEATURES * CLASSES];
        for (int i = 0; i < m.length; i++) {
            m[i] = matrixRandom.nextGaussian();
        }
        Random featureRandom = new Random(FEATURE_SEED);
        float[] x = new float[SIZE * FEATURES];
        int[] y = new int[SIZE];
        double[] scores = new double[CLASSES];
        for (int n = 0; n < SIZE; n++) {
            Arrays.fill(scores, 0.0);
            for (int j = 0; j < FEATURES; j++) {
                float v = featureRandom.nextFloat();
                x[n * FEATURES + j] = v;
                for (int k = 0; k < CLASSES; k++) {
                    scores[k] += v * m[j * CLASSES + k];
                }
            }
            int best = 0;
            for (int k = 1; k < CLASSES; k++) {
                if (scores[k] > scores[best]) {
                    best = k;
                }
            }
            y[n] = best;
        }
        return new SyntheticMnist(x, y);
    }

    /** The features in double. */
    public double[] featuresDouble() {
        double[] out = new double[features.length];
        for (int i = 0; i < features.length; i++) {
            out[i] = features[i];
        }
        return out;
    }
}
