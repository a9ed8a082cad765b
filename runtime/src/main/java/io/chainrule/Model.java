package io.chainrule;

/**
 * What every generated training class offers, whatever its precision, beyond what it
 * {@link Predictor predicts}: the gradients and their bookkeeping, and initialisation. The
 * precision-specific methods (parameters, predict, loss, gradient) are in {@link FloatModel} and
 * {@link DoubleModel}.
 *
 * <h2>Parameter layout</h2>
 * Parameters and gradients are held in arrays the model owns, in the order documented on
 * {@link Predictor}: {@code gradientArrays()} has the shapes of {@code parameterArrays()} in the
 * same order. Both return the same array object on every call, so optimizers and file formats
 * walk them without allocating.
 *
 * <h2>Gradients</h2>
 * {@code lossAndGradient} adds the gradient of one example's loss to the gradient arrays; call
 * {@link #zeroGradients()} before each batch. Nothing allocates after construction.
 */
public interface Model extends Predictor {
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
