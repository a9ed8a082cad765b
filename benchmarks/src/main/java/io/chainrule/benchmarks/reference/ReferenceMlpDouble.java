package io.chainrule.benchmarks.reference;

import io.chainrule.Activations;
import io.chainrule.benchmarks.train.DoubleLearner;

/**
 * The hand-written peer: a two-layer perceptron (hidden ReLU or tanh, identity output, softmax
 * cross-entropy) written the way a careful engineer would, in the layout JVM-NOTES measured
 * fastest. Weights are input-major rows {@code W[in][out]}: the forward pass and the weight
 * gradient add scaled rows (loops C2 vectorises); the input gradient is a dot product with four
 * accumulators. {@link #endBatch(double)} applies and clears the gradient in one pass. Tanh is
 * {@link Activations#tanh(double)}, the function generated code calls, so that the comparison is
 * about code shape. Allocates nothing after construction.
 */
public final class ReferenceMlpDouble implements DoubleLearner {
    private final int inputs;
    private final int hidden;
    private final int outputs;
    private final boolean tanh;

    private final double[][] w1;
    private final double[] b1;
    private final double[][] w2;
    private final double[] b2;
    private final double[][] gw1;
    private final double[] gb1;
    private final double[][] gw2;
    private final double[] gb2;
    private final double[][] parameters;
    private final double[][] gradients;

    private final double[] h;
    private final double[] s;
    private final double[] ds;
    private final double[] dz;

    /** A network {@code inputs-hidden-outputs}, hidden tanh if {@code tanh}, else ReLU; all weights zero. */
    public ReferenceMlpDouble(int inputs, int hidden, int outputs, boolean tanh) {
        this.inputs = inputs;
        this.hidden = hidden;
        this.outputs = outputs;
        this.tanh = tanh;
        w1 = new double[inputs][hidden];
        b1 = new double[hidden];
        w2 = new double[hidden][outputs];
        b2 = new double[outputs];
        gw1 = new double[inputs][hidden];
        gb1 = new double[hidden];
        gw2 = new double[hidden][outputs];
        gb2 = new double[outputs];
        parameters = layout(w1, b1, w2, b2);
        gradients = layout(gw1, gb1, gw2, gb2);
        h = new double[hidden];
        s = new double[outputs];
        ds = new double[outputs];
        dz = new double[hidden];
    }

    private static double[][] layout(double[][] w1, double[] b1, double[][] w2, double[] b2) {
        double[][] arrays = new double[w1.length + w2.length + 2][];
        System.arraycopy(w1, 0, arrays, 0, w1.length);
        arrays[w1.length] = b1;
        System.arraycopy(w2, 0, arrays, w1.length + 1, w2.length);
        arrays[arrays.length - 1] = b2;
        return arrays;
    }

    /**
     * The weight rows and biases in the order of a generated model's {@code parameterArrays()},
     * so that both can start from the same weights.
     */
    public double[][] parameterArrays() {
        return parameters;
    }

    /** The gradient arrays, in the order of {@link #parameterArrays()}. */
    public double[][] gradientArrays() {
        return gradients;
    }

    /** Copies {@code source}, laid out like {@link #parameterArrays()}, into this network. */
    public void copyParameters(double[][] source) {
        for (int k = 0; k < parameters.length; k++) {
            System.arraycopy(source[k], 0, parameters[k], 0, parameters[k].length);
        }
    }

    /** Writes the output layer's values (raw scores, before softmax) for {@code x[offset..]} to {@code out}. */
    public void predict(double[] x, int offset, double[] out) {
        forward(x, offset);
        System.arraycopy(s, 0, out, 0, outputs);
    }

    @Override
    public void beginBatch() {
        // endBatch leaves the gradient cleared
    }

    @Override
    public double lossAndGradient(double[] x, int offset, int label) {
        forward(x, offset);
        // softmax cross-entropy: ds = softmax(s) - onehot(label)
        double max = s[0];
        for (int k = 1; k < outputs; k++) {
            max = Math.max(max, s[k]);
        }
        double sum = 0.0;
        for (int k = 0; k < outputs; k++) {
            double e = Math.exp(s[k] - max);
            ds[k] = e;
            sum += e;
        }
        double inverse = 1.0 / sum;
        for (int k = 0; k < outputs; k++) {
            ds[k] *= inverse;
        }
        ds[label] -= 1.0;
        // output layer: gW2[j] += h[j] ds; gb2 += ds; dh[j] = W2[j] . ds
        for (int j = 0; j < hidden; j++) {
            double hj = h[j];
            double[] g = gw2[j];
            for (int k = 0; k < outputs; k++) {
                g[k] += hj * ds[k];
            }
            double dh = dot(w2[j], ds, outputs);
            dz[j] = tanh ? dh * (1.0 - hj * hj) : (hj > 0.0 ? dh : 0.0);
        }
        for (int k = 0; k < outputs; k++) {
            gb2[k] += ds[k];
        }
        // hidden layer: gW1[i] += x[i] dz; gb1 += dz
        for (int i = 0; i < inputs; i++) {
            double xi = x[offset + i];
            double[] g = gw1[i];
            for (int j = 0; j < hidden; j++) {
                g[j] += xi * dz[j];
            }
        }
        for (int j = 0; j < hidden; j++) {
            gb1[j] += dz[j];
        }
        return Math.log(sum) + max - s[label];
    }

    @Override
    public void endBatch(double learningRate) {
        for (int k = 0; k < parameters.length; k++) {
            double[] p = parameters[k];
            double[] g = gradients[k];
            for (int i = 0; i < p.length; i++) {
                p[i] -= learningRate * g[i];
                g[i] = 0.0;
            }
        }
    }

    private void forward(double[] x, int offset) {
        System.arraycopy(b1, 0, h, 0, hidden);
        for (int i = 0; i < inputs; i++) {
            double xi = x[offset + i];
            double[] row = w1[i];
            for (int j = 0; j < hidden; j++) {
                h[j] += row[j] * xi;
            }
        }
        for (int j = 0; j < hidden; j++) {
            h[j] = tanh ? Activations.tanh(h[j]) : Math.max(h[j], 0.0);
        }
        System.arraycopy(b2, 0, s, 0, outputs);
        for (int j = 0; j < hidden; j++) {
            double hj = h[j];
            double[] row = w2[j];
            for (int k = 0; k < outputs; k++) {
                s[k] += row[k] * hj;
            }
        }
    }

    /** {@code a[0..n) . b[0..n)} with four independent sums. */
    private static double dot(double[] a, double[] b, int n) {
        double s0 = 0.0;
        double s1 = 0.0;
        double s2 = 0.0;
        double s3 = 0.0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
