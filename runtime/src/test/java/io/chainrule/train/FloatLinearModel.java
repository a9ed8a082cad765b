package io.chainrule.train;

import io.chainrule.Activation;
import io.chainrule.FloatModel;
import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.Targets;
import java.util.Random;

/**
 * A hand-written one-layer model {@code s = W x + b} for runtime tests, following the
 * {@link io.chainrule.Model} contract: parameter arrays are the weight rows {@code W[in][out]}
 * then the bias. Supports softmax cross-entropy and mean squared error. Allocates nothing after
 * construction.
 */
public class FloatLinearModel implements FloatModel {
    private final int in;
    private final int out;
    private final Loss loss;
    private final String architecture;
    private final float[][] parameters;
    private final float[][] gradients;
    private final float[] scores;
    private final float[] scoreGradient;

    public FloatLinearModel(int in, int out, Loss loss) {
        this(in, out, loss, in + "-" + out + ":identity " + loss.label() + " float");
    }

    /** A model that reports {@code architecture}, to test files whose architectures agree but shapes do not. */
    public FloatLinearModel(int in, int out, Loss loss, String architecture) {
        if (loss != Loss.SOFTMAX_CROSS_ENTROPY && loss != Loss.MEAN_SQUARED_ERROR) {
            throw new IllegalArgumentException("unsupported loss " + loss);
        }
        this.in = in;
        this.out = out;
        this.loss = loss;
        this.architecture = architecture;
        this.parameters = new float[in + 1][out];
        this.gradients = new float[in + 1][out];
        this.scores = new float[out];
        this.scoreGradient = new float[out];
    }

    @Override public int inputSize() { return in; }
    @Override public int outputSize() { return out; }
    @Override public int parameterCount() { return (in + 1) * out; }
    @Override public int layerCount() { return 1; }
    @Override public int layerSize(int layer) { return layer == 0 ? in : out; }
    @Override public Activation activation(int layer) { return Activation.IDENTITY; }
    @Override public Loss loss() { return loss; }
    @Override public Precision precision() { return Precision.FLOAT; }
    @Override public int classCount() { return loss.classCount(out); }
    @Override public String architecture() { return architecture; }
    @Override public int parameterArrayCount() { return in + 1; }

    @Override
    public int layerOfParameterArray(int arrayIndex) {
        if (arrayIndex < 0 || arrayIndex > in) {
            throw new IndexOutOfBoundsException("parameter array " + arrayIndex);
        }
        return 1;
    }

    @Override
    public void initialize(long seed) {
        Random random = new Random(seed);
        double limit = Math.sqrt(6.0 / (in + out));
        for (int j = 0; j < in; j++) {
            for (int i = 0; i < out; i++) {
                parameters[j][i] = (float) ((random.nextDouble() * 2 - 1) * limit);
            }
        }
        java.util.Arrays.fill(parameters[in], 0f);
    }

    @Override
    public void zeroGradients() {
        for (float[] g : gradients) {
            java.util.Arrays.fill(g, 0f);
        }
    }

    @Override public float[][] parameterArrays() { return parameters; }
    @Override public float[][] gradientArrays() { return gradients; }

    private void forward(float[] x, int offset) {
        System.arraycopy(parameters[in], 0, scores, 0, out);
        for (int j = 0; j < in; j++) {
            float xj = x[offset + j];
            float[] w = parameters[j];
            for (int i = 0; i < out; i++) {
                scores[i] += w[i] * xj;
            }
        }
    }

    /** Writes softmax(scores) to scoreGradient and returns log(sum of e^s). */
    private float softmax() {
        float max = scores[0];
        for (int i = 1; i < out; i++) {
            max = Math.max(max, scores[i]);
        }
        float sum = 0;
        for (int i = 0; i < out; i++) {
            scoreGradient[i] = (float) Math.exp(scores[i] - max);
            sum += scoreGradient[i];
        }
        for (int i = 0; i < out; i++) {
            scoreGradient[i] /= sum;
        }
        return max + (float) Math.log(sum);
    }

    /** Softmax cross-entropy of the current scores; leaves {@code dL/ds} in scoreGradient. */
    private float softmaxLoss(int label) {
        Targets.checkLabel(label, out);
        float logSum = softmax();
        scoreGradient[label] -= 1;
        return logSum - scores[label];
    }

    /** Mean squared error of the current scores; leaves {@code dL/ds} in scoreGradient. */
    private float squaredLoss(float[] target, int targetOffset) {
        float sum = 0;
        for (int i = 0; i < out; i++) {
            float e = scores[i] - target[targetOffset + i];
            sum += e * e;
            scoreGradient[i] = 2 * e / out;
        }
        return sum / out;
    }

    private void backward(float[] x, int offset) {
        for (int j = 0; j < in; j++) {
            float xj = x[offset + j];
            float[] g = gradients[j];
            for (int i = 0; i < out; i++) {
                g[i] += scoreGradient[i] * xj;
            }
        }
        for (int i = 0; i < out; i++) {
            gradients[in][i] += scoreGradient[i];
        }
    }

    @Override
    public void predict(float[] x, int offset, float[] result) {
        forward(x, offset);
        if (loss == Loss.SOFTMAX_CROSS_ENTROPY) {
            softmax();
            System.arraycopy(scoreGradient, 0, result, 0, out);
        } else {
            System.arraycopy(scores, 0, result, 0, out);
        }
    }

    @Override
    public float loss(float[] x, int offset, int label) {
        if (!loss.takesClassIndex()) {
            throw Targets.wrongKind(loss);
        }
        forward(x, offset);
        return softmaxLoss(label);
    }

    @Override
    public float loss(float[] x, int offset, float[] target, int targetOffset) {
        if (loss.takesClassIndex()) {
            throw Targets.wrongKind(loss);
        }
        forward(x, offset);
        return squaredLoss(target, targetOffset);
    }

    @Override
    public float lossAndGradient(float[] x, int offset, int label) {
        float l = loss(x, offset, label);
        backward(x, offset);
        return l;
    }

    @Override
    public float lossAndGradient(float[] x, int offset, float[] target, int targetOffset) {
        float l = loss(x, offset, target, targetOffset);
        backward(x, offset);
        return l;
    }

    @Override
    public void inputGradient(float[] result) {
        for (int j = 0; j < in; j++) {
            float sum = 0;
            for (int i = 0; i < out; i++) {
                sum += parameters[j][i] * scoreGradient[i];
            }
            result[j] = sum;
        }
    }

    @Override
    public float[] outputGradient(int layer) {
        return scoreGradient;
    }
}
