package io.chainrule.train;

import io.chainrule.data.Dataset;
import java.util.Random;

/** Small seeded synthetic problems for the training tests. */
final class SyntheticData {
    private SyntheticData() {
    }

    /** {@code n} points in 2-D around three centres 4 apart, with uniform noise of ±1: linearly separable. */
    static Dataset blobs(int n, long seed) {
        Random random = new Random(seed);
        double[] x = new double[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            double angle = 2 * Math.PI * c / 3;
            x[2 * i] = 4 * Math.cos(angle) + (random.nextDouble() * 2 - 1);
            x[2 * i + 1] = 4 * Math.sin(angle) + (random.nextDouble() * 2 - 1);
            y[i] = c;
        }
        return Dataset.ofLabels(x, 2, y, 3);
    }

    /** {@code n} examples of {@code t = 2 x0 − x1 + 0.5} with x uniform in [-1, 1]². */
    static Dataset line(int n, long seed) {
        Random random = new Random(seed);
        double[] x = new double[n * 2];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = random.nextDouble() * 2 - 1;
            x[2 * i + 1] = random.nextDouble() * 2 - 1;
            t[i] = 2 * x[2 * i] - x[2 * i + 1] + 0.5;
        }
        return Dataset.ofTargets(x, 2, t, 1);
    }

    /** A deep copy of {@code arrays}, for comparing weights before and after. */
    static float[][] copy(float[][] arrays) {
        float[][] c = new float[arrays.length][];
        for (int k = 0; k < arrays.length; k++) {
            c[k] = arrays[k].clone();
        }
        return c;
    }
}
