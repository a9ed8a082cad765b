package io.chainrule;

/**
 * A float training class that shows the buffers of its last forward and backward pass, for
 * {@link io.chainrule.train.StepTrace}. Every generated float training class implements it.
 * Training never calls these methods; they read and rerun the code that training runs, so a trace
 * shows what that code computed, not a second implementation of the mathematics.
 */
public interface FloatTraceable extends FloatModel {
    /** Receives one layer's buffers: the model's own arrays, to read, not to change. */
    interface Visitor {
        /**
         * Layer {@code layer}'s {@code z = W h(l-1) + b}, {@code a = a(z)}, its output {@code h},
         * and {@code dL/dz} and {@code dL/dh} of the last backward pass. Buffers that are one
         * are the same array: {@code a} is {@code z} for the identity, {@code h} is {@code a}
         * without a residual connection, and {@code dh} is {@code dz} in a linear layer (identity,
         * no residual connection).
         */
        void layer(int layer, float[] z, float[] a, float[] h, float[] dz, float[] dh);
    }

    /** Hands every layer's buffers to {@code visitor}, from layer 1 to the last. */
    void visitLayers(Visitor visitor);

    /**
     * Runs the forward pass from layer {@code layer} (1 .. {@code layerCount() + 1}) on, over the
     * buffers of the layers below it as they are (so a value changed in them, such as one
     * {@code h}, takes effect), and returns the loss for a class-index target; with
     * {@code layerCount() + 1} only the loss is computed, from the output layer's {@code h}. Like
     * {@code loss}, it overwrites the buffers of the layers it runs and the last layer's
     * {@code dL/dh}. {@code x} is the example's input, which layer 1 and skips from the input read.
     */
    float lossFromLayer(int layer, float[] x, int offset, int label);

    /** The vector-target twin of {@link #lossFromLayer(int, float[], int, int)}. */
    float lossFromLayer(int layer, float[] x, int offset, float[] target, int targetOffset);
}
