package io.chainrule.processor.plan;

import io.chainrule.Activation;

/**
 * How one dense layer {@code h_l = a(W_l h_(l-1) + b_l) [+ h_(l-skip) or P_l h_(l-skip)]} is laid
 * out and coded.
 *
 * @param index 1-based layer number
 * @param inputs size of the layer's input {@code h_(l-1)}
 * @param units size of its output {@code h_l}
 * @param activation the non-linearity {@code a}
 * @param skip how many layers back the residual connection reaches (0: none; layer 0 is the input)
 * @param sourceUnits width of {@code h_(l-skip)} (0 without a residual connection)
 * @param projected true if the residual passes through a learned matrix {@code P_l}
 * @param unrolled true for straight-line code, false for loops
 * @param output true for the last layer
 */
public record LayerPlan(int index, int inputs, int units, Activation activation, int skip, int sourceUnits,
        boolean projected, boolean unrolled, boolean output) {

    /** The same layer in straight-line code. */
    public LayerPlan withUnrolled() {
        return new LayerPlan(index, inputs, units, activation, skip, sourceUnits, projected, true, output);
    }

    /** Multiply-adds of the forward pass, {@code inputs × units} (and the projection's). */
    public long macs() {
        return (long) inputs * units + (projected ? (long) sourceUnits * units : 0);
    }

    /** Weights, biases and projection weights. */
    public long parameters() {
        return macs() + units;
    }

    /** Arrays of this layer in {@code parameterArrays()}: weight rows, bias, projection rows. */
    public int parameterArrays() {
        return inputs + 1 + (projected ? sourceUnits : 0);
    }

    /** True if the layer has a residual connection. */
    public boolean residual() {
        return skip > 0;
    }

    /** True if the layer's code reads the network's input x: the first layer, and a skip from the input. */
    public boolean readsInput() {
        return index == 1 || (residual() && source() == 0);
    }

    /** The layer whose output the residual connection adds. */
    public int source() {
        return index - skip;
    }

    /**
     * True if {@code h_l} is {@code z_l} itself (identity activation, no residual), so no separate
     * buffer exists, and likewise {@code dL/dh_l} is {@code dL/dz_l}.
     */
    public boolean linear() {
        return activation == Activation.IDENTITY && !residual();
    }

    /**
     * Values of the activation buffers of this layer: {@code z} and {@code dL/dz}; unless the layer
     * is linear, {@code h} and {@code dL/dh}; in a residual non-identity layer also {@code a = a(z)}.
     */
    public long bufferValues() {
        int buffers = linear() ? 2 : 4;
        if (residual() && activation != Activation.IDENTITY) {
            buffers++;
        }
        return (long) buffers * units;
    }

    /** This layer in the architecture string, e.g. {@code 16:tanh}, {@code 16:tanh+1}, {@code 32:relu+2p}. */
    public String architecture() {
        String s = units + ":" + activation.label();
        return residual() ? s + "+" + skip + (projected ? "p" : "") : s;
    }
}
