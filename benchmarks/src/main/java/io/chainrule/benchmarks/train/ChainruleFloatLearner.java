package io.chainrule.benchmarks.train;

import io.chainrule.FloatModel;
import io.chainrule.train.Sgd;

/**
 * A generated float model driven through its public API: lossAndGradient per example (or
 * lossAndGradientBatch per batch), then {@link Sgd#stepAndClear}, which leaves the gradients zero for
 * the next batch (so no separate zeroGradients pass). Unbatched, a batch of one example is one
 * {@code sgdStep}: the backward pass with the update folded in.
 */
public final class ChainruleFloatLearner implements FloatLearner {
    private final FloatModel model;
    private final boolean batched;

    /** Wraps {@code model}; {@code batched}: a batch is one {@code lossAndGradientBatch} call. */
    public ChainruleFloatLearner(FloatModel model, boolean batched) {
        this.model = model;
        this.batched = batched;
        model.zeroGradients();
    }

    @Override
    public void beginBatch() {
        // the previous endBatch (or the constructor) left the gradients zero
    }

    @Override
    public float lossAndGradient(float[] x, int offset, int label) {
        return model.lossAndGradient(x, offset, label);
    }

    @Override
    public double batch(float[] x, int features, int[] labels, int[] order, int start, int stop) {
        if (!batched) {
            return FloatLearner.super.batch(x, features, labels, order, start, stop);
        }
        return model.lossAndGradientBatch(x, features, order, start, stop, labels);
    }

    @Override
    public double trainBatch(float[] x, int features, int[] labels, int[] order, int start, int stop,
            float learningRate) {
        if (!batched && stop - start == 1) {
            int row = order[start];
            return model.sgdStep(x, row * features, labels[row], learningRate);
        }
        return FloatLearner.super.trainBatch(x, features, labels, order, start, stop, learningRate);
    }

    @Override
    public void endBatch(float learningRate) {
        Sgd.stepAndClear(model, learningRate);
    }
}
