package io.chainrule.train;

import io.chainrule.Activation;
import io.chainrule.DoubleModel;
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
public class DoubleLinearModel implements DoubleModel {
    private final int in;
    private final int out;
    private final Loss loss;
    private final String architecture;
    private final double[][] parameters;
    private final double[][] gradients;
    private final double[] scores;
    private final double[] scoreGradient;

    public DoubleLinearModel(int in, int out, Loss loss) {
        this(in, out, loss, in + "-" + out + ":identity " + loss.label() + " double");
    }

    /** A model that reports {@code architecture}, to test files whose architectures agree but shapes do not. */
    public DoubleLinearModel(int in, int out, Loss loss, String architecture) {
        if (loss != Loss.SOFTMAX_CROSS_ENTROPY && loss != Loss.MEAN_SQUARED_ERROR) {
            throw new IllegalArgumentException("unsupported loss " + loss);
        }
        this.in = in;
        this.out = out;
        this.loss = loss;
        this.architecture = architecture;
        this.parameters = new double[in + 1][out];
        this.gradients = new double[in + 1][out];
        this.scores = new double[out];
        this.scoreGradient = new double[out];
    }

    @Override public int inputSize() { return in; }
    @Override public int outputSize() { return out; }
    @Override public int parameterCount() { return (in + 1) * out; }
    @Override public int layerCount() { return 1; }
    @Override public int layerSize(int layer) { return layer == 0 ? in : out; }
    @Override public Activation activation(int layer) { return Activation.IDENTITY; }
    @Override public Loss loss() { return loss; }
    @Override public Precision precision() { return Precision.DOUBLE; }
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
                parameters[j][i] = ((random.nextDouble() * 2 - 1) * limit);
            }
        }
        java.util.Arrays.fill(parameters[in], 0.0);
    }

    @Override
    public void zeroGradients() {
        for (double[] g : gradients) {
            java.util.Arrays.fill(g, 0.0);
        }
    }

    @Override public double[][] parameterArrays() { return parameters; }
    @Override public double[][] gradientArrays() { return gradients; }

    private void forward(double[] x, int offset) {
        System.arraycopy(parameters[in], 0, scores, 0, out);
        for (int j = 0; j < in; j++) {
            double xj = x[offset + j];
            double[] w = parameters[j];
            for (int i = 0; i < out; i++) {
                scores[i] += w[i] * xj;
            }
        }
    }

    /** Writes softmax(scores) to scoreGradient and returns log(sum of e^s). */
    private double softmax() {
        double max = scores[0];
        for (int i = 1; i < out; i++) {
            max = Math.max(max, scores[i]);
        }
        double sum = 0;
        for (int i = 0; i < out; i++) {
            scoreGradient[i] = Math.exp(scores[i] - max);
            sum += scoreGradient[i];
        }
        for (int i = 0; i < out; i++) {
            scoreGradient[i] /= sum;
        }
        return max + Math.log(sum);
    }

    /** Softmax cross-entropy of the current scores; leaves {@code dL/ds} in scoreGradient. */
    private double softmaxLoss(int label) {
        Targets.checkLabel(label, out);
        double logSum = softmax();
        scoreGradient[label] -= 1;
        return logSum - scores[label];
    }

    /** Mean squared error of the current scores; leaves {@code dL/ds} in scoreGradient. */
    private double squaredLoss(double[] target, int targetOffset) {
        double sum = 0;
        for (int i = 0; i < out; i++) {
            double e = scores[i] - target[targetOffset + i];
            sum += e * e;
            scoreGradient[i] = 2 * e / out;
        }
        return sum / out;
    }

    private void backward(double[] x, int offset) {
        for (int j = 0; j < in; j++) {
            double xj = x[offset + j];
            double[] g = gradients[j];
            for (int i = 0; i < out; i++) {
                g[i] += scoreGradient[i] * xj;
            }
        }
        for (int i = 0; i < out; i++) {
            gradients[in][i] += scoreGradient[i];
        }
    }

    @Override
    public void predict(double[] x, int offset, double[] result) {
        forward(x, offset);
        if (loss == Loss.SOFTMAX_CROSS_ENTROPY) {
            softmax();
            System.arraycopy(scoreGradient, 0, result, 0, out);
        } else {
            System.arraycopy(scores, 0, result, 0, out);
        }
    }

    @Override
    public double loss(double[] x, int offset, int label) {
        if (!loss.takesClassIndex()) {
            throw Targets.wrongKind(loss);
        }
        forward(x, offset);
        return softmaxLoss(label);
    }

    @Override
    public double loss(double[] x, int offset, double[] target, int targetOffset) {
        if (loss.takesClassIndex()) {
            throw Targets.wrongKind(loss);
        }
        forward(x, offset);
        return squaredLoss(target, targetOffset);
    }

    @Override
    public double lossAndGradient(double[] x, int offset, int label) {
        double l = loss(x, offset, label);
        backward(x, offset);
        return l;
    }

    @Override
    public double lossAndGradient(double[] x, int offset, double[] target, int targetOffset) {
        double l = loss(x, offset, target, targetOffset);
        backward(x, offset);
        return l;
    }

    @Override
    public void inputGradient(double[] result) {
        for (int j = 0; j < in; j++) {
            double sum = 0;
            for (int i = 0; i < out; i++) {
                sum += parameters[j][i] * scoreGradient[i];
            }
            result[j] = sum;
        }
    }

    @Override
    public double[] outputGradient(int layer) {
        return scoreGradient;
    }
}
