package io.chainrule.io;

import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Model;
import io.chainrule.Precision;

/**
 * Parameter arrays shaped like a model's {@code parameterArrays()}, addressed by tensor and
 * row-major index: either the model's own arrays (to export them) or a copy that an import fills
 * and hands to the model only when the whole file has been read and checked.
 */
final class ParameterValues {
    private final float[][] floats;
    private final double[][] doubles;

    private ParameterValues(float[][] floats, double[][] doubles) {
        this.floats = floats;
        this.doubles = doubles;
    }

    /** The model's own arrays. */
    static ParameterValues of(Model model) {
        return model.precision() == Precision.FLOAT
                ? new ParameterValues(((FloatModel) model).parameterArrays(), null)
                : new ParameterValues(null, ((DoubleModel) model).parameterArrays());
    }

    /** New zero arrays of the shapes of the model's, in its precision. */
    static ParameterValues blankLike(Model model) {
        if (model.precision() == Precision.FLOAT) {
            float[][] source = ((FloatModel) model).parameterArrays();
            float[][] copy = new float[source.length][];
            for (int k = 0; k < source.length; k++) {
                copy[k] = new float[source[k].length];
            }
            return new ParameterValues(copy, null);
        }
        double[][] source = ((DoubleModel) model).parameterArrays();
        double[][] copy = new double[source.length][];
        for (int k = 0; k < source.length; k++) {
            copy[k] = new double[source[k].length];
        }
        return new ParameterValues(null, copy);
    }

    /** True for float arrays. */
    boolean isFloat() {
        return floats != null;
    }

    /** Value {@code k} (row-major in PyTorch's shape) of tensor {@code t}. */
    double get(TensorLayout.Tensor t, int k) {
        int array = t.array(k);
        int index = t.element(k);
        return floats != null ? floats[array][index] : doubles[array][index];
    }

    /** The float value {@code k} of tensor {@code t} (float arrays only). */
    float getFloat(TensorLayout.Tensor t, int k) {
        return floats[t.array(k)][t.element(k)];
    }

    /** Sets value {@code k}; a float array stores it rounded to float. */
    void set(TensorLayout.Tensor t, int k, double value) {
        int array = t.array(k);
        int index = t.element(k);
        if (floats != null) {
            floats[array][index] = (float) value;
        } else {
            doubles[array][index] = value;
        }
    }

    /** Copies every value into {@code model}'s parameter arrays. */
    void copyInto(Model model) {
        if (floats != null) {
            float[][] target = ((FloatModel) model).parameterArrays();
            for (int k = 0; k < floats.length; k++) {
                System.arraycopy(floats[k], 0, target[k], 0, floats[k].length);
            }
        } else {
            double[][] target = ((DoubleModel) model).parameterArrays();
            for (int k = 0; k < doubles.length; k++) {
                System.arraycopy(doubles[k], 0, target[k], 0, doubles[k].length);
            }
        }
    }
}
