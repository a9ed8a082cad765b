package io.chainrule.processor.plan;

import io.chainrule.Activation;

/**
 * How one dense layer {@code h_l = a(W_l h_(l-1) + b_l)} is laid out and coded.
 *
 * @param index 1-based layer number
 * @param inputs size of the layer's input {@code h_(l-1)}
 * @param units size of its output {@code h_l}
 * @param activation the non-linearity {@code a}
 * @param unrolled true for straight-line code, false for loops
 * @param output true for the last layer
 */
public record LayerPlan(int index, int inputs, int units, Activation activation, boolean unrolled, boolean output) {

    /** Multiply-adds of the forward pass, {@code inputs × units}. */
    public long macs() {
        return (long) inputs * units;
    }

    /** Weights and biases. */
    public long parameters() {
        return macs() + units;
    }

    /** True if {@code h_l} is {@code z_l} itself (identity activation), so no separate buffer exists. */
    public boolean linear() {
        return activation == Activation.IDENTITY;
    }

    /**
     * Values of the activation buffers of this layer: {@code z}, {@code dL/dz}, and, unless the
     * layer is linear, {@code h} and {@code dL/dh}.
     */
    public long bufferValues() {
        return (linear() ? 2L : 4L) * units;
    }
}
