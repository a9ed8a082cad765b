package io.chainrule.benchmarks.train;

/**
 * What the training loops of the benchmarks need from a double network: accumulate the gradient
 * of a batch of examples, then take one plain SGD step on it.
 */
public interface DoubleLearner {
    /** Starts a batch: the accumulated gradient becomes zero. */
    void beginBatch();

    /** Adds the gradient of one example's loss (features at {@code x[offset..]}) and returns the loss. */
    double lossAndGradient(double[] x, int offset, int label);

    /**
     * Adds the gradients of the examples {@code order[start .. stop)} (row {@code i}: features at
     * {@code x[i * features ..]}, label {@code labels[i]}) and returns the sum of their losses; by
     * default one {@link #lossAndGradient} call per example.
     */
    default double batch(double[] x, int features, int[] labels, int[] order, int start, int stop) {
        double loss = 0.0;
        for (int k = start; k < stop; k++) {
            int row = order[k];
            loss += lossAndGradient(x, row * features, labels[row]);
        }
        return loss;
    }

    /** Ends a batch: {@code θ -= learningRate · g} with the gradient accumulated since {@link #beginBatch()}. */
    void endBatch(double learningRate);

    /**
     * One SGD step on the examples {@code order[start .. stop)} with the mean of their gradients:
     * {@link #beginBatch()}, {@link #batch}, {@code endBatch(learningRate / (stop - start))}.
     *
     * @return the sum of their losses
     */
    default double trainBatch(double[] x, int features, int[] labels, int[] order, int start, int stop,
            double learningRate) {
        beginBatch();
        double loss = batch(x, features, labels, order, start, stop);
        endBatch(learningRate / (stop - start));
        return loss;
    }
}
