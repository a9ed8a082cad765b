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
}
