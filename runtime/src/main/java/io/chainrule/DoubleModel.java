package io.chainrule;

import io.chainrule.train.Sgd;

/**
 * A network computing in {@code double}, with its training methods (its predictions are those of
 * {@link DoublePredictor}). Inputs are read from a caller's array at an offset, so a
 * whole data set can live in one flat array and be fed without copying.
 */
public interface DoubleModel extends Model, DoublePredictor {
    /** The gradient arrays, shaped and ordered like {@link #parameterArrays()}. */
    double[][] gradientArrays();

    /** The loss of one example with a class-index target. */
    double loss(double[] x, int offset, int label);

    /** The loss of one example with a vector target {@code target[targetOffset ..]}. */
    double loss(double[] x, int offset, double[] target, int targetOffset);

    /** The loss of one example with a class-index target; adds its gradient to the gradient arrays. */
    double lossAndGradient(double[] x, int offset, int label);

    /** The loss of one example with a vector target; adds its gradient to the gradient arrays. */
    double lossAndGradient(double[] x, int offset, double[] target, int targetOffset);

    /**
     * One step of online gradient descent on one example with a class-index target,
     * {@code θ ← θ − η ∇θ L}, and its loss before the step.
     *
     * <p>The same parameters, to the last bit, as {@link Model#zeroGradients()}, then
     * {@code lossAndGradient(x, offset, label)}, then {@link Sgd#step(Model, double)}. Generated
     * models fold the update into the backward pass: each layer's weights change as soon as they
     * have passed {@code dL/dh} down to the layer below, so the backward pass makes one sweep over
     * the weights instead of three (accumulate, update, clear) and leaves the gradient arrays alone.
     * This default makes the three calls (so it clears the gradient arrays). Afterwards
     * {@link #outputGradient} describes this example and {@link #inputGradient} reads the updated
     * first-layer weights.
     */
    default double sgdStep(double[] x, int offset, int label, double learningRate) {
        zeroGradients();
        double loss = lossAndGradient(x, offset, label);
        Sgd.stepAndClear(this, learningRate);
        return loss;
    }

    /**
     * The vector-target twin of {@link #sgdStep(double[], int, int, double)}.
     */
    default double sgdStep(double[] x, int offset, double[] target, int targetOffset, double learningRate) {
        zeroGradients();
        double loss = lossAndGradient(x, offset, target, targetOffset);
        Sgd.stepAndClear(this, learningRate);
        return loss;
    }

    /**
     * The losses of a batch of examples with class-index targets; adds the sum of their gradients
     * to the gradient arrays. Example {@code r} (for {@code from <= r < to}) is row
     * {@code i = rows[r]} of a flat data set: its features are {@code x[i * stride ..]} and its
     * label {@code labels[i]}.
     *
     * <p>The same numbers, to the last bit, as {@code lossAndGradient(x, i * stride, labels[i])}
     * called for {@code r = from, from + 1, ..} with the losses summed in {@code double}:
     * gradients are accumulated in the same order. Generated models run the batch as matrix-matrix
     * loops that read each weight row once for up to {@code maxBatch} examples (a constructor
     * argument; longer batches are taken in chunks) and check every label before changing
     * anything; afterwards {@link #inputGradient} and {@link #outputGradient} describe the
     * batch's last example. This default runs the examples one by one.
     *
     * @return the sum of the examples' losses
     */
    default double lossAndGradientBatch(double[] x, int stride, int[] rows, int from, int to, int[] labels) {
        double sum = 0;
        for (int r = from; r < to; r++) {
            int i = rows[r];
            sum += lossAndGradient(x, i * stride, labels[i]);
        }
        return sum;
    }

    /**
     * The vector-target twin of {@link #lossAndGradientBatch(double[], int, int[], int, int, int[])}:
     * the target of row {@code i} is {@code targets[i * targetStride ..]}.
     *
     * @return the sum of the examples' losses
     */
    default double lossAndGradientBatch(double[] x, int stride, int[] rows, int from, int to, double[] targets,
            int targetStride) {
        double sum = 0;
        for (int r = from; r < to; r++) {
            int i = rows[r];
            sum += lossAndGradient(x, i * stride, targets, i * targetStride);
        }
        return sum;
    }

    /**
     * The losses of {@code count} examples with class-index targets and their outputs, from one
     * forward pass each: example {@code e} reads {@code x[offset + e * inputSize() ..]} and the
     * label {@code labels[labelOffset + e]}, and its outputs, those {@code predict} writes, go to
     * {@code out[outOffset + e * outputSize() ..]}. The gradient arrays are not touched.
     *
     * <p>The same numbers, to the last bit, as {@code loss} and {@code predict} on each example,
     * the losses summed in {@code double} from 0 in the order of {@code e}. Generated models check
     * every label first, then run the examples in chunks through the batched forward pass (as
     * {@code predictBatch} does), allocating nothing; an evaluation on a data set takes half the
     * forward passes of {@code loss} and {@code predict} called one after the other. This
     * default, for hand-written classes, makes those two calls for each example.
     *
     * @return the sum of the examples' losses
     */
    default double lossAndPredictBatch(double[] x, int offset, int count, int[] labels, int labelOffset, double[] out,
            int outOffset) {
        double sum = 0;
        for (int e = 0; e < count; e++) {
            sum += loss(x, offset + e * inputSize(), labels[labelOffset + e]);
            predictBatch(x, offset + e * inputSize(), 1, out, outOffset + e * outputSize());
        }
        return sum;
    }

    /**
     * The vector-target twin of
     * {@link #lossAndPredictBatch(double[], int, int, int[], int, double[], int)}: the target of
     * example {@code e} is {@code targets[targetOffset + e * outputSize() ..]}.
     *
     * @return the sum of the examples' losses
     */
    default double lossAndPredictBatch(double[] x, int offset, int count, double[] targets, int targetOffset,
            double[] out, int outOffset) {
        double sum = 0;
        for (int e = 0; e < count; e++) {
            sum += loss(x, offset + e * inputSize(), targets, targetOffset + e * outputSize());
            predictBatch(x, offset + e * inputSize(), 1, out, outOffset + e * outputSize());
        }
        return sum;
    }

    /**
     * Writes {@code dL/dx}, the gradient of the last {@code lossAndGradient} call's loss with
     * respect to its input, to {@code out[0 .. inputSize())}.
     */
    void inputGradient(double[] out);

    /**
     * {@code dL/dh} of layer {@code layer} (1-based; the last layer's is the gradient the loss hands
     * to the network) from the last {@code lossAndGradient} call: the model's own buffer, to read,
     * not to change. Its norm per layer shows vanishing and exploding gradients.
     */
    double[] outputGradient(int layer);
}
