package io.chainrule.benchmarks.reference;

import io.chainrule.Activations;
import io.chainrule.benchmarks.train.FloatLearner;

/**
 * The hand-written peer: a two-layer perceptron (hidden ReLU or tanh, identity output, softmax
 * cross-entropy) written the way a careful engineer would, in the layout JVM-NOTES measured
 * fastest. Weights are input-major rows {@code W[in][out]}: the forward pass and the weight
 * gradient add scaled rows (loops C2 vectorises); the input gradient is a dot product with four
 * accumulators. {@link #endBatch(float)} applies and clears the gradient in one pass. Tanh is
 * {@link Activations#tanh(float)}, the function generated code calls, so that the comparison is
 * about code shape. Allocates nothing after construction.
 */
public final class ReferenceMlpFloat implements FloatLearner {
    private final int inputs;
    private final int hidden;
    private final int outputs;
    private final boolean tanh;

    private final float[][] w1;
    private final float[] b1;
    private final float[][] w2;
    private final float[] b2;
    private final float[][] gw1;
    private final float[] gb1;
    private final float[][] gw2;
    private final float[] gb2;
    private final float[][] parameters;
    private final float[][] gradients;

    private final float[] h;
    private final float[] s;
    private final float[] ds;
    private final float[] dz;

    /** A network {@code inputs-hidden-outputs}, hidden tanh if {@code tanh}, else ReLU; all weights zero. */
    public ReferenceMlpFloat(int inputs, int hidden, int outputs, boolean tanh) {
        this.inputs = inputs;
        this.hidden = hidden;
        this.outputs = outputs;
        this.tanh = tanh;
        w1 = new float[inputs][hidden];
        b1 = new float[hidden];
        w2 = new float[hidden][outputs];
        b2 = new float[outputs];
        gw1 = new float[inputs][hidden];
        gb1 = new float[hidden];
        gw2 = new float[hidden][outputs];
        gb2 = new float[outputs];
        parameters = layout(w1, b1, w2, b2);
        gradients = layout(gw1, gb1, gw2, gb2);
        h = new float[hidden];
        s = new float[outputs];
        ds = new float[outputs];
        dz = new float[hidden];
    }

    private static float[][] layout(float[][] w1, float[] b1, float[][] w2, float[] b2) {
        float[][] arrays = new float[w1.length + w2.length + 2][];
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
    public float[][] parameterArrays() {
        return parameters;
    }

    /** The gradient arrays, in the order of {@link #parameterArrays()}. */
    public float[][] gradientArrays() {
        return gradients;
    }

    /** Copies {@code source}, laid out like {@link #parameterArrays()}, into this network. */
    public void copyParameters(float[][] source) {
        for (int k = 0; k < parameters.length; k++) {
            System.arraycopy(source[k], 0, parameters[k], 0, parameters[k].length);
        }
    }

    /** Writes the output layer's values (raw scores, before softmax) for {@code x[offset..]} to {@code out}. */
    public void predict(float[] x, int offset, float[] out) {
        forward(x, offset);
        System.arraycopy(s, 0, out, 0, outputs);
    }

    @Override
    public void beginBatch() {
        // endBatch leaves the gradient cleared
    }

    @Override
    public float lossAndGradient(float[] x, int offset, int label) {
        forward(x, offset);
        // softmax cross-entropy: ds = softmax(s) - onehot(label)
        float max = s[0];
        for (int k = 1; k < outputs; k++) {
            max = Math.max(max, s[k]);
        }
        float sum = 0f;
        for (int k = 0; k < outputs; k++) {
            float e = (float) Math.exp(s[k] - max);
            ds[k] = e;
            sum += e;
        }
        float inverse = 1f / sum;
        for (int k = 0; k < outputs; k++) {
            ds[k] *= inverse;
        }
        ds[label] -= 1f;
        // output layer: gW2[j] += h[j] ds; gb2 += ds; dh[j] = W2[j] . ds
        for (int j = 0; j < hidden; j++) {
            float hj = h[j];
            float[] g = gw2[j];
            for (int k = 0; k < outputs; k++) {
                g[k] += hj * ds[k];
            }
            float dh = dot(w2[j], ds, outputs);
            dz[j] = tanh ? dh * (1f - hj * hj) : (hj > 0f ? dh : 0f);
        }
        for (int k = 0; k < outputs; k++) {
            gb2[k] += ds[k];
        }
        // hidden layer: gW1[i] += x[i] dz; gb1 += dz
        for (int i = 0; i < inputs; i++) {
            float xi = x[offset + i];
            float[] g = gw1[i];
            for (int j = 0; j < hidden; j++) {
                g[j] += xi * dz[j];
            }
        }
        for (int j = 0; j < hidden; j++) {
            gb1[j] += dz[j];
        }
        return (float) Math.log(sum) + max - s[label];
    }

    @Override
    public void endBatch(float learningRate) {
        for (int k = 0; k < parameters.length; k++) {
            float[] p = parameters[k];
            float[] g = gradients[k];
            for (int i = 0; i < p.length; i++) {
                p[i] -= learningRate * g[i];
                g[i] = 0f;
            }
        }
    }

    private void forward(float[] x, int offset) {
        System.arraycopy(b1, 0, h, 0, hidden);
        for (int i = 0; i < inputs; i++) {
            float xi = x[offset + i];
            float[] row = w1[i];
            for (int j = 0; j < hidden; j++) {
                h[j] += row[j] * xi;
            }
        }
        for (int j = 0; j < hidden; j++) {
            h[j] = tanh ? Activations.tanh(h[j]) : Math.max(h[j], 0f);
        }
        System.arraycopy(b2, 0, s, 0, outputs);
        for (int j = 0; j < hidden; j++) {
            float hj = h[j];
            float[] row = w2[j];
            for (int k = 0; k < outputs; k++) {
                s[k] += row[k] * hj;
            }
        }
    }

    /** {@code a[0..n) . b[0..n)} with four independent sums. */
    private static float dot(float[] a, float[] b, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
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
