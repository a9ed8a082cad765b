package io.chainrule.io;

import io.chainrule.Activation;
import io.chainrule.DoubleModel;
import io.chainrule.Initializer;
import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.Targets;
import java.util.Arrays;
import java.util.Random;

/**
 * A hand-written stand-in for a generated model: one identity layer {@code s = W x + b} with mean
 * squared error, parameters {@code W[0..inputs)} (input-major rows) then {@code b}, as the Model
 * contract documents.
 */
class LinearDoubleModel implements DoubleModel {
    private final int inputs;
    private final int outputs;
    private final String architecture;
    private final double[][] parameters;
    private final double[][] gradients;
    private final double[] lastInput;
    private final double[] delta;

    LinearDoubleModel(int inputs, int outputs) {
        this(inputs, outputs, inputs + "-" + outputs + ":identity mean_squared_error double");
    }

    /** A model that reports {@code architecture}, to test files whose architectures agree but shapes do not. */
    LinearDoubleModel(int inputs, int outputs, String architecture) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.architecture = architecture;
        this.parameters = new double[inputs + 1][outputs];
        this.gradients = new double[inputs + 1][outputs];
        this.lastInput = new double[inputs];
        this.delta = new double[outputs];
    }

    @Override public int inputSize() { return inputs; }
    @Override public int outputSize() { return outputs; }
    @Override public int parameterCount() { return (inputs + 1) * outputs; }
    @Override public int layerCount() { return 1; }
    @Override public int layerSize(int layer) { return layer == 0 ? inputs : outputs; }
    @Override public Activation activation(int layer) { return Activation.IDENTITY; }
    @Override public Loss loss() { return Loss.MEAN_SQUARED_ERROR; }
    @Override public Precision precision() { return Precision.DOUBLE; }
    @Override public int classCount() { return 0; }
    @Override public String architecture() { return architecture; }
    @Override public int parameterArrayCount() { return inputs + 1; }
    @Override public int layerOfParameterArray(int arrayIndex) { return 1; }
    @Override public double[][] parameterArrays() { return parameters; }
    @Override public double[][] gradientArrays() { return gradients; }

    @Override
    public void initialize(long seed) {
        double[][] w = new double[inputs][];
        System.arraycopy(parameters, 0, w, 0, inputs);
        Initializer.fill(w, Activation.IDENTITY, new Random(seed));
        Arrays.fill(parameters[inputs], 0.0);
    }

    @Override
    public void zeroGradients() {
        for (double[] g : gradients) {
            Arrays.fill(g, 0.0);
        }
    }

    @Override
    public void predict(double[] x, int offset, double[] out) {
        System.arraycopy(parameters[inputs], 0, out, 0, outputs);
        for (int j = 0; j < inputs; j++) {
            for (int i = 0; i < outputs; i++) {
                out[i] += parameters[j][i] * x[offset + j];
            }
        }
    }

    @Override
    public double loss(double[] x, int offset, int label) {
        throw Targets.wrongKind(loss());
    }

    @Override
    public double lossAndGradient(double[] x, int offset, int label) {
        throw Targets.wrongKind(loss());
    }

    @Override
    public double loss(double[] x, int offset, double[] target, int targetOffset) {
        predict(x, offset, delta);
        double sum = 0;
        for (int i = 0; i < outputs; i++) {
            double d = delta[i] - target[targetOffset + i];
            sum += d * d;
        }
        return sum / outputs;
    }

    @Override
    public double lossAndGradient(double[] x, int offset, double[] target, int targetOffset) {
        double loss = loss(x, offset, target, targetOffset);
        System.arraycopy(x, offset, lastInput, 0, inputs);
        for (int i = 0; i < outputs; i++) {
            delta[i] = 2.0 * (delta[i] - target[targetOffset + i]) / outputs;
            gradients[inputs][i] += delta[i];
        }
        for (int j = 0; j < inputs; j++) {
            for (int i = 0; i < outputs; i++) {
                gradients[j][i] += delta[i] * lastInput[j];
            }
        }
        return loss;
    }

    @Override
    public void inputGradient(double[] out) {
        for (int j = 0; j < inputs; j++) {
            double sum = 0;
            for (int i = 0; i < outputs; i++) {
                sum += parameters[j][i] * delta[i];
            }
            out[j] = sum;
        }
    }

    @Override
    public double[] outputGradient(int layer) {
        return delta;
    }
}
