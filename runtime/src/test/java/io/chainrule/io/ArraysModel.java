package io.chainrule.io;

import io.chainrule.Activation;
import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Loss;
import io.chainrule.Model;
import io.chainrule.Precision;
import java.util.Random;

/**
 * Models that hold the parameter arrays of any architecture string, in the documented layout,
 * without a forward pass: what the file formats need, for any layout (residual layers and
 * projections included) in the runtime's tests, where no generated model exists.
 */
public final class ArraysModel {
    private ArraysModel() {
    }

    /** A float or double model of {@code architecture}, its parameters drawn from {@code seed}. */
    public static Model of(String architecture, long seed) {
        Architecture a = Architecture.parse(architecture);
        Model m = a.precision() == Precision.FLOAT ? new Floats(a) : new Doubles(a);
        m.initialize(seed);
        return m;
    }

    private static int[] lengths(Architecture a) {
        int[] lengths = new int[(int) a.parameterArrayCount()];
        int k = 0;
        for (Architecture.Layer layer : a.layers()) {
            for (int j = 0; j < layer.inputs(); j++) {
                lengths[k++] = layer.units();
            }
            lengths[k++] = layer.units();
            for (int j = 0; j < (layer.projected() ? layer.sourceUnits() : 0); j++) {
                lengths[k++] = layer.units();
            }
        }
        return lengths;
    }

    private abstract static class Base implements Model {
        final Architecture a;
        final int[] layerOfArray;

        Base(Architecture a) {
            this.a = a;
            this.layerOfArray = new int[(int) a.parameterArrayCount()];
            int k = 0;
            for (Architecture.Layer layer : a.layers()) {
                for (int n = 0; n < layer.parameterArrayCount(); n++) {
                    layerOfArray[k++] = layer.index();
                }
            }
        }

        @Override public int inputSize() { return a.inputs(); }
        @Override public int outputSize() { return a.outputs(); }
        @Override public int parameterCount() { return (int) a.parameterCount(); }
        @Override public int layerCount() { return a.layerCount(); }
        @Override public int layerSize(int layer) { return layer == 0 ? a.inputs() : a.layer(layer).units(); }
        @Override public Activation activation(int layer) { return a.layer(layer).activation(); }
        @Override public Loss loss() { return a.loss(); }
        @Override public Precision precision() { return a.precision(); }
        @Override public int classCount() { return a.loss().classCount(a.outputs()); }
        @Override public String architecture() { return a.text(); }
        @Override public int parameterArrayCount() { return layerOfArray.length; }
        @Override public int layerOfParameterArray(int arrayIndex) { return layerOfArray[arrayIndex]; }
        @Override public void zeroGradients() { }
    }

    static final class Floats extends Base implements FloatModel {
        private final float[][] parameters;

        Floats(Architecture a) {
            super(a);
            int[] lengths = lengths(a);
            parameters = new float[lengths.length][];
            for (int k = 0; k < lengths.length; k++) {
                parameters[k] = new float[lengths[k]];
            }
        }

        @Override
        public void initialize(long seed) {
            Random random = new Random(seed);
            for (float[] p : parameters) {
                for (int i = 0; i < p.length; i++) {
                    p[i] = (float) random.nextGaussian();
                }
            }
        }

        @Override public float[][] parameterArrays() { return parameters; }
        @Override public float[][] gradientArrays() { throw new UnsupportedOperationException(); }
        @Override public void predict(float[] x, int offset, float[] out) { throw new UnsupportedOperationException(); }
        @Override public float loss(float[] x, int offset, int label) { throw new UnsupportedOperationException(); }
        @Override public float loss(float[] x, int offset, float[] target, int targetOffset) { throw new UnsupportedOperationException(); }
        @Override public float lossAndGradient(float[] x, int offset, int label) { throw new UnsupportedOperationException(); }
        @Override public float lossAndGradient(float[] x, int offset, float[] target, int targetOffset) { throw new UnsupportedOperationException(); }
        @Override public void inputGradient(float[] out) { throw new UnsupportedOperationException(); }
        @Override public float[] outputGradient(int layer) { throw new UnsupportedOperationException(); }
    }

    static final class Doubles extends Base implements DoubleModel {
        private final double[][] parameters;

        Doubles(Architecture a) {
            super(a);
            int[] lengths = lengths(a);
            parameters = new double[lengths.length][];
            for (int k = 0; k < lengths.length; k++) {
                parameters[k] = new double[lengths[k]];
            }
        }

        @Override
        public void initialize(long seed) {
            Random random = new Random(seed);
            for (double[] p : parameters) {
                for (int i = 0; i < p.length; i++) {
                    p[i] = random.nextGaussian();
                }
            }
        }

        @Override public double[][] parameterArrays() { return parameters; }
        @Override public double[][] gradientArrays() { throw new UnsupportedOperationException(); }
        @Override public void predict(double[] x, int offset, double[] out) { throw new UnsupportedOperationException(); }
        @Override public double loss(double[] x, int offset, int label) { throw new UnsupportedOperationException(); }
        @Override public double loss(double[] x, int offset, double[] target, int targetOffset) { throw new UnsupportedOperationException(); }
        @Override public double lossAndGradient(double[] x, int offset, int label) { throw new UnsupportedOperationException(); }
        @Override public double lossAndGradient(double[] x, int offset, double[] target, int targetOffset) { throw new UnsupportedOperationException(); }
        @Override public void inputGradient(double[] out) { throw new UnsupportedOperationException(); }
        @Override public double[] outputGradient(int layer) { throw new UnsupportedOperationException(); }
    }

    /** Every parameter's raw bits, array by array. */
    public static long[][] bits(Model model) {
        if (model instanceof FloatModel) {
            float[][] arrays = ((FloatModel) model).parameterArrays();
            long[][] out = new long[arrays.length][];
            for (int k = 0; k < arrays.length; k++) {
                out[k] = new long[arrays[k].length];
                for (int i = 0; i < arrays[k].length; i++) {
                    out[k][i] = Float.floatToRawIntBits(arrays[k][i]);
                }
            }
            return out;
        }
        double[][] arrays = ((DoubleModel) model).parameterArrays();
        long[][] out = new long[arrays.length][];
        for (int k = 0; k < arrays.length; k++) {
            out[k] = new long[arrays[k].length];
            for (int i = 0; i < arrays[k].length; i++) {
                out[k][i] = Double.doubleToRawLongBits(arrays[k][i]);
            }
        }
        return out;
    }
}
