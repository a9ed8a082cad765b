package io.chainrule;

/**
 * A network computing in {@code double} that can predict: the training class ({@link DoubleModel})
 * and the inference-only class ({@link Inference}) of a double network. Inputs are read from a
 * caller's array at an offset, so a whole data set can live in one flat array and be fed without
 * copying.
 */
public interface DoublePredictor extends Predictor {
    /** The parameter arrays in the layout documented on {@link Predictor}; the same object every call. */
    double[][] parameterArrays();

    /**
     * Runs the network on {@code x[offset .. offset + inputSize())} and writes the
     * {@code outputSize()} outputs (probabilities, scores or values, as the loss defines) to
     * {@code out[0 ..]}. Generated classes allocate nothing here.
     */
    void predict(double[] x, int offset, double[] out);

    /**
     * Runs the network on {@code count} examples one after the other in {@code x}, example
     * {@code e} at {@code x[offset + e * inputSize() ..]}, and writes its outputs to
     * {@code out[outOffset + e * outputSize() ..]}: the same bits as {@code predict} on each.
     * Generated classes (training and inference classes, {@link Inference}) run the examples in
     * chunks through matrix-matrix loops that read each weight row once per chunk, allocating
     * nothing. This default, for hand-written classes, calls {@code predict} for each example,
     * through one array of {@code outputSize()} values it allocates.
     */
    default void predictBatch(double[] x, int offset, int count, double[] out, int outOffset) {
        double[] one = new double[outputSize()];
        for (int e = 0; e < count; e++) {
            predict(x, offset + e * inputSize(), one);
            System.arraycopy(one, 0, out, outOffset + e * one.length, one.length);
        }
    }
}
