package io.chainrule.train;

import io.chainrule.DoubleTraceable;
import io.chainrule.FloatTraceable;
import io.chainrule.Model;
import io.chainrule.Precision;
import io.chainrule.data.Dataset;

/**
 * One example and a traceable model, seen in double whatever the model's precision: what
 * {@link StepTrace} runs (the model's own loss, gradient and resumed forward pass) and the arrays it
 * reads and perturbs (parameters, gradients, the buffers of each layer, the input). A value written
 * is rounded to the model's precision; {@link #set} returns the value actually stored, so that a
 * finite difference divides by the step it really took.
 */
abstract class TraceProbe {
    /** Buffer kinds of {@link #buffer}, in the order {@code visitLayers} hands them over. */
    static final int Z = 0;
    static final int A = 1;
    static final int H = 2;
    static final int DZ = 3;
    static final int DH = 4;

    /** The probe of example {@code example} of {@code data} for {@code model}, which must be generated (traceable). */
    static TraceProbe of(Model model, Dataset data, int example) {
        if (example < 0 || example >= data.size()) {
            throw new IllegalArgumentException("example " + example + " is out of range: the data set has "
                    + data.size() + " examples");
        }
        if (data.featureCount() != model.inputSize()) {
            throw new IllegalArgumentException("the data set has " + data.featureCount() + " features per example,"
                    + " but the model takes " + model.inputSize() + " inputs");
        }
        if (data.isFeaturesOnly()) {
            throw new IllegalArgumentException("a trace needs a label or target for the example; the data set holds"
                    + " features only");
        }
        if (model.loss().takesClassIndex() != data.hasLabels()) {
            throw new IllegalArgumentException("loss " + model.loss().label() + " takes "
                    + (model.loss().takesClassIndex() ? "class labels" : "target vectors") + ", but the data set holds "
                    + (data.hasLabels() ? "class labels" : "target vectors"));
        }
        Dataset same = data.toPrecision(model.precision());
        int n = model.inputSize();
        int label = data.hasLabels() ? data.labels()[example] : -1;
        if (model.precision() == Precision.FLOAT) {
            if (!(model instanceof FloatTraceable)) {
                throw notTraceable(model);
            }
            float[] x = new float[n];
            System.arraycopy(same.floatFeatures(), example * n, x, 0, n);
            float[] target = null;
            if (!data.hasLabels()) {
                target = new float[model.outputSize()];
                System.arraycopy(same.floatTargets(), example * target.length, target, 0, target.length);
            }
            return new FloatProbe((FloatTraceable) model, x, label, target);
        }
        if (!(model instanceof DoubleTraceable)) {
            throw notTraceable(model);
        }
        double[] x = new double[n];
        System.arraycopy(same.doubleFeatures(), example * n, x, 0, n);
        double[] target = null;
        if (!data.hasLabels()) {
            target = new double[model.outputSize()];
            System.arraycopy(same.doubleTargets(), example * target.length, target, 0, target.length);
        }
        return new DoubleProbe((DoubleTraceable) model, x, label, target);
    }

    private static IllegalArgumentException notTraceable(Model model) {
        return new IllegalArgumentException(model.getClass().getName() + " is not a generated training class"
                + " (FloatTraceable or DoubleTraceable): a trace reads the generated code's own buffers");
    }

    /** The example's class index, or -1 for a vector target. */
    abstract int label();

    /** The model's loss for the example, from a full forward pass. */
    abstract double loss();

    /** The model's loss after rerunning its forward pass from layer {@code layer} on. */
    abstract double lossFromLayer(int layer);

    /** {@code lossAndGradient} for the example (adds to the gradient arrays). */
    abstract double lossAndGradient();

    /** {@code inputGradient}: dL/dx of the last backward pass. */
    abstract double[] inputGradient();

    /** The parameter arrays ({@code true}) or gradient arrays, as {@code float[][]} or {@code double[][]}. */
    abstract Object arrays(boolean parameters);

    /** The buffers of every layer, {@code [layer][kind]} for kinds {@link #Z} .. {@link #DH} (index 0 unused). */
    abstract Object[][] buffers();

    /** The input the probe feeds the model (a copy of the example's, which finite differences perturb). */
    abstract Object input();

    /** {@code array[i]} of a {@code float[]} or {@code double[]}, in double. */
    static double get(Object array, int i) {
        return array instanceof float[] ? ((float[]) array)[i] : ((double[]) array)[i];
    }

    /** Stores {@code value} in {@code array[i]}, rounded to the array's type, and returns what was stored. */
    static double set(Object array, int i, double value) {
        if (array instanceof float[]) {
            float f = (float) value;
            ((float[]) array)[i] = f;
            return f;
        }
        ((double[]) array)[i] = value;
        return value;
    }

    /** A copy of a {@code float[]} or {@code double[]} in double. */
    static double[] copy(Object array) {
        int n = array instanceof float[] ? ((float[]) array).length : ((double[]) array).length;
        double[] copy = new double[n];
        for (int i = 0; i < n; i++) {
            copy[i] = get(array, i);
        }
        return copy;
    }

    /** Row {@code k} of a {@code float[][]} or {@code double[][]}. */
    static Object row(Object arrays, int k) {
        return arrays instanceof float[][] ? ((float[][]) arrays)[k] : ((double[][]) arrays)[k];
    }

    private static final class FloatProbe extends TraceProbe {
        private final FloatTraceable model;
        private final float[] x;
        private final int label;
        private final float[] target;

        FloatProbe(FloatTraceable model, float[] x, int label, float[] target) {
            this.model = model;
            this.x = x;
            this.label = label;
            this.target = target;
        }

        @Override
        int label() {
            return label;
        }

        @Override
        double loss() {
            return target == null ? model.loss(x, 0, label) : model.loss(x, 0, target, 0);
        }

        @Override
        double lossFromLayer(int layer) {
            return target == null ? model.lossFromLayer(layer, x, 0, label) : model.lossFromLayer(layer, x, 0, target, 0);
        }

        @Override
        double lossAndGradient() {
            return target == null ? model.lossAndGradient(x, 0, label) : model.lossAndGradient(x, 0, target, 0);
        }

        @Override
        double[] inputGradient() {
            float[] dx = new float[x.length];
            model.inputGradient(dx);
            return copy(dx);
        }

        @Override
        Object arrays(boolean parameters) {
            return parameters ? model.parameterArrays() : model.gradientArrays();
        }

        @Override
        Object[][] buffers() {
            final Object[][] buffers = new Object[model.layerCount() + 1][];
            model.visitLayers(new FloatTraceable.Visitor() {
                @Override
                public void layer(int layer, float[] z, float[] a, float[] h, float[] dz, float[] dh) {
                    buffers[layer] = new Object[] {z, a, h, dz, dh};
                }
            });
            return buffers;
        }

        @Override
        Object input() {
            return x;
        }
    }

    private static final class DoubleProbe extends TraceProbe {
        private final DoubleTraceable model;
        private final double[] x;
        private final int label;
        private final double[] target;

        DoubleProbe(DoubleTraceable model, double[] x, int label, double[] target) {
            this.model = model;
            this.x = x;
            this.label = label;
            this.target = target;
        }

        @Override
        int label() {
            return label;
        }

        @Override
        double loss() {
            return target == null ? model.loss(x, 0, label) : model.loss(x, 0, target, 0);
        }

        @Override
        double lossFromLayer(int layer) {
            return target == null ? model.lossFromLayer(layer, x, 0, label) : model.lossFromLayer(layer, x, 0, target, 0);
        }

        @Override
        double lossAndGradient() {
            return target == null ? model.lossAndGradient(x, 0, label) : model.lossAndGradient(x, 0, target, 0);
        }

        @Override
        double[] inputGradient() {
            double[] dx = new double[x.length];
            model.inputGradient(dx);
            return dx;
        }

        @Override
        Object arrays(boolean parameters) {
            return parameters ? model.parameterArrays() : model.gradientArrays();
        }

        @Override
        Object[][] buffers() {
            final Object[][] buffers = new Object[model.layerCount() + 1][];
            model.visitLayers(new DoubleTraceable.Visitor() {
                @Override
                public void layer(int layer, double[] z, double[] a, double[] h, double[] dz, double[] dh) {
                    buffers[layer] = new Object[] {z, a, h, dz, dh};
                }
            });
            return buffers;
        }

        @Override
        Object input() {
            return x;
        }
    }
}
