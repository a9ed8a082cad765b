package io.chainrule;

/**
 * What every generated network offers, whatever its precision. The precision-specific methods
 * (parameters, predict, loss, gradient) are in {@link FloatModel} and {@link DoubleModel}.
 *
 * <h2>Parameter layout</h2>
 * Parameters and gradients are held in arrays the model owns. {@code parameterArrays()} returns
 * them in this fixed order, layer by layer from the first: the weight rows of the layer, in the
 * input-major row layout ({@code W[j]} holds the weights leaving input {@code j}, so
 * {@code W[j][i]} connects input {@code j} to unit {@code i}), then the layer's bias vector.
 * {@code gradientArrays()} has the same shapes in the same order. Both return the same array
 * object on every call, so optimizers and file formats walk them without allocating.
 *
 * <h2>Gradients</h2>
 * {@code lossAndGradient} adds the gradient of one example's loss to the gradient arrays; call
 * {@link #zeroGradients()} before each batch. Nothing allocates after construction.
 */
public interface Model {
    /** Size of the input vector. */
    int inputSize();

    /** Number of outputs (units of the last layer). */
    int outputSize();

    /** Number of trainable parameters (weights and biases). */
    int parameterCount();

    /** Number of dense layers. */
    int layerCount();

    /** Units of layer {@code layer} (1-based; layer 0 is the input). */
    int layerSize(int layer);

    /** Activation of layer {@code layer} (1-based). */
    Activation activation(int layer);

    /** The output head. */
    Loss loss();

    /** Floating-point type of the model. */
    Precision precision();

    /**
     * Number of classes for a classification loss (0 for regression): the valid labels are
     * {@code 0 .. classCount() - 1}.
     */
    int classCount();

    /**
     * A canonical description of the architecture, for example
     * {@code 64-32:relu-10:identity softmax_cross_entropy float}; equal strings mean compatible
     * parameter files.
     */
    String architecture();

    /** Number of arrays returned by {@code parameterArrays()}. */
    int parameterArrayCount();

    /** The 1-based layer that the parameter array at {@code arrayIndex} belongs to. */
    int layerOfParameterArray(int arrayIndex);

    /**
     * Seeded initialisation: weights uniform in {@code ±sqrt(6 / (fanIn + fanOut))} (Glorot) for
     * sigmoid, tanh, softplus and identity layers, {@code ±sqrt(6 / fanIn)} (He) for the ReLU
     * family; biases zero. The same seed gives the same weights.
     */
    void initialize(long seed);

    /** Sets every gradient to zero. */
    void zeroGradients();
}
