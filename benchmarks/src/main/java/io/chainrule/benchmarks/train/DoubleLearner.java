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

    /** Ends a batch: {@code θ -= learningRate · g} with the gradient accumulated since {@link #beginBatch()}. */
    void endBatch(double learningRate);
}
