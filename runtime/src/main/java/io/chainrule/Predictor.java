package io.chainrule;

/**
 * What every generated network class offers, the training class ({@link Model}) and the
 * inference-only class ({@link Inference}) alike: its shape, its output head, its architecture
 * string and its parameters. The precision-specific methods ({@code parameterArrays},
 * {@code predict}) are in {@link FloatPredictor} and {@link DoublePredictor}; a model file
 * ({@code io.chainrule.io.ModelFile}) saves and loads any predictor.
 *
 * <h2>Parameter layout</h2>
 * Parameters are held in arrays the model owns. {@code parameterArrays()} returns them in this
 * fixed order, layer by layer from the first: the weight rows of the layer, in the input-major
 * row layout ({@code W[j]} holds the weights leaving input {@code j}, so {@code W[j][i]} connects
 * input {@code j} to unit {@code i}), then the layer's bias vector, then the rows of a residual
 * projection. It returns the same array object on every call, so a file format walks it without
 * allocating. The training class and the inference class of one network have the same layout
 * and the same {@link #architecture()}, so a file saved from one loads into the other.
 */
public interface Predictor {
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
}
