package io.chainrule;

/**
 * A network computing in {@code float}. Inputs are read from a caller's array at an offset, so a
 * whole data set can live in one flat array and be fed without copying.
 */
public interface FloatModel extends Model {
    /** The parameter arrays in the layout documented on {@link Model}; the same object every call. */
    float[][] parameterArrays();

    /** The gradient arrays, shaped and ordered like {@link #parameterArrays()}. */
    float[][] gradientArrays();

    /**
     * Runs the network on {@code x[offset .. offset + inputSize())} and writes the
     * {@code outputSize()} outputs (probabilities, scores or values, as the loss defines) to
     * {@code out[0 ..]}.
     */
    void predict(float[] x, int offset, float[] out);

    /** The loss of one example with a class-index target. */
    float loss(float[] x, int offset, int label);

    /** The loss of one example with a vector target {@code target[targetOffset ..]}. */
    float loss(float[] x, int offset, float[] target, int targetOffset);

    /** The loss of one example with a class-index target; adds its gradient to the gradient arrays. */
    float lossAndGradient(float[] x, int offset, int label);

    /** The loss of one example with a vector target; adds its gradient to the gradient arrays. */
    float lossAndGradient(float[] x, int offset, float[] target, int targetOffset);

    /**
     * Writes {@code dL/dx}, the gradient of the last {@code lossAndGradient} call's loss with
     * respect to its input, to {@code out[0 .. inputSize())}.
     */
    void inputGradient(float[] out);

    /**
     * {@code dL/dh} of layer {@code layer} (1-based; the last layer's is the gradient the loss hands
     * to the network) from the last {@code lossAndGradient} call: the model's own buffer, to read,
     * not to change. Its norm per layer shows vanishing and exploding gradients.
     */
    float[] outputGradient(int layer);
}
