package io.chainrule.io;

import io.chainrule.Activation;
import io.chainrule.FloatModel;
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
class LinearFloatModel implements FloatModel {
    private final int inputs;
    private final int outputs;
    private final String architecture;
    private final float[][] parameters;
    private final float[][] gradients;
    private final float[] lastInput;
    private final float[] delta;

    LinearFloatModel(int inputs, int outputs) {
        this(inputs, outputs, inputs + "-" + outputs + ":identity mean_squared_error float");
    }

    /** A model that reports {@code architecture}, to test files whose architectures agree but shapes do not. */
    LinearFloatModel(int inputs, int outputs, String architecture) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.architecture = architecture;
        this.parameters = new float[inputs + 1][outputs];
        this.gradients = new float[inputs + 1][outputs];
        this.lastInput = new float[inputs];
        this.delta = new float[outputs];
    }

    @Override public int inputSize() { return inputs; }
    @Override public int outputSize() { return outputs; }
    @Override public int parameterCount() { return (inputs + 1) * outputs; }
    @Override public int layerCount() { return 1; }
    @Override public int layerSize(int layer) { return layer == 0 ? inputs : outputs; }
    @Override public Activation activation(int layer) { return Activation.IDENTITY; }
    @Override public Loss loss() { return Loss.MEAN_SQUARED_ERROR; }
    @Override public Precision precision() { return Precision.FLOAT; }
    @Override public int classCount() { return 0; }
    @Override public String architecture() { return architecture; }
    @Override public int parameterArrayCount() { return inputs + 1; }
    @Override public int layerOfParameterArray(int arrayIndex) { return 1; }
    @Override public float[][] parameterArrays() { return parameters; }
    @Override public float[][] gradientArrays() { return gradients; }

    @Override
    public void initialize(long seed) {
        float[][] w = new float[inputs][];
        System.arraycopy(parameters, 0, w, 0, inputs);
        Initializer.fill(w, Activation.IDENTITY, new Random(seed));
        Arrays.fill(parameters[inputs], 0f);
    }

    @Override
    public void zeroGradients() {
        for (float[] g : gradients) {
            Arrays.fill(g, 0f);
        }
    }

    @Override
    public void predict(float[] x, int offset, float[] out) {
        System.arraycopy(parameters[inputs], 0, out, 0, outputs);
        for (int j = 0; j < inputs; j++) {
            for (int i = 0; i < outputs; i++) {
                out[i] += parameters[j][i] * x[offset + j];
            }
        }
    }

    @Override
    public float loss(float[] x, int offset, int label) {
        throw Targets.wrongKind(loss());
    }

    @Override
    public float lossAndGradient(float[] x, int offset, int label) {
        throw Targets.wrongKind(loss());
    }

    @Override
    public float loss(float[] x, int offset, float[] target, int targetOffset) {
        predict(x, offset, delta);
        float sum = 0;
        for (int i = 0; i < outputs; i++) {
            float d = delta[i] - target[targetOffset + i];
            sum += d * d;
        }
        return sum / outputs;
    }

    @Override
    public float lossAndGradient(float[] x, int offset, float[] target, int targetOffset) {
        float loss = loss(x, offset, target, targetOffset);
        System.arraycopy(x, offset, lastInput, 0, inputs);
        for (int i = 0; i < outputs; i++) {
            delta[i] = 2f * (delta[i] - target[targetOffset + i]) / outputs;
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
    public void inputGradient(float[] out) {
        for (int j = 0; j < inputs; j++) {
            float sum = 0;
            for (int i = 0; i < outputs; i++) {
                sum += parameters[j][i] * delta[i];
            }
            out[j] = sum;
        }
    }

    @Override
    public float[] outputGradient(int layer) {
        return delta;
    }
}
