package io.chainrule.benchmarks.train;

import java.util.Random;

/** The training loops shared by the workloads: minibatch SGD over a slice of an example order. */
public final class Training {
    private Training() {
    }

    /**
     * Trains on the examples {@code order[from .. from + count)} in batches of {@code batch}
     * (the last one may be smaller), each step with the mean gradient of its batch, and returns
     * the sum of the losses seen.
     */
    public static double train(FloatLearner learner, float[] x, int features, int[] labels,
            int[] order, int from, int count, int batch, float learningRate) {
        double loss = 0.0;
        int end = from + count;
        for (int start = from; start < end; start += batch) {
            loss += learner.trainBatch(x, features, labels, order, start, Math.min(start + batch, end), learningRate);
        }
        return loss;
    }

    /** The double twin of {@link #train(FloatLearner, float[], int, int[], int[], int, int, int, float)}. */
    public static double train(DoubleLearner learner, double[] x, int features, int[] labels,
            int[] order, int from, int count, int batch, double learningRate) {
        double loss = 0.0;
        int end = from + count;
        for (int start = from; start < end; start += batch) {
            loss += learner.trainBatch(x, features, labels, order, start, Math.min(start + batch, end), learningRate);
        }
        return loss;
    }

    /** {@code 0, 1, .., n - 1}. */
    public static int[] identityOrder(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** Fisher-Yates shuffle in place; allocates nothing. */
    public static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
