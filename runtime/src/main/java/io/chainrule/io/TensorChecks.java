package io.chainrule.io;

import java.util.Arrays;

/** The checks every tensor reader makes on a tensor's shape and values, with the same messages. */
final class TensorChecks {
    private TensorChecks() {
    }

    /** The file's shape of tensor {@code t} must be the model's. */
    static void checkShape(TensorLayout.Tensor t, long[] shape, String source) throws TensorFileException {
        long[] expected = t.shape();
        if (Arrays.equals(expected, shape)) {
            return;
        }
        String what = t.kind() == TensorLayout.Kind.BIAS ? "" : t.kind() == TensorLayout.Kind.WEIGHT
                ? " (PyTorch's Linear.weight is [out, in]: " + expected[0] + " units, " + expected[1] + " inputs)"
                : " (PyTorch's [out, in]: " + expected[0] + " units, " + expected[1] + " values of the skipped layer)";
        boolean transposed = shape.length == 2 && expected.length == 2 && shape[0] == expected[1]
                && shape[1] == expected[0];
        throw new TensorFileException(source, t.name(), "shape " + Text.shape(shape) + " but the model's layer "
                + t.layer() + " needs " + t.shapeText() + what + (transposed ? "; is it transposed?" : ""));
    }

    /**
     * Stores value {@code k} of tensor {@code t} after checking that it is finite and, for a float
     * model, within float's range.
     */
    static void store(ParameterValues values, TensorLayout.Tensor t, int k, double v, DType dtype, String source)
            throws TensorFileException {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new TensorFileException(source, t.name(), "element " + Text.index(t.shape(), k) + " is " + v
                    + "; parameters must be finite numbers");
        }
        if (values.isFloat() && Math.abs(v) > Float.MAX_VALUE && Float.isInfinite((float) v)) {
            throw new TensorFileException(source, t.name(), "element " + Text.index(t.shape(), k) + " is " + v
                    + " (" + dtype.safetensors + "), beyond the range of this float model");
        }
        values.set(t, k, v);
    }
}
