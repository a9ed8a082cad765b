package io.chainrule.benchmarks.train;

import io.chainrule.DoubleModel;
import io.chainrule.train.Sgd;

/**
 * A generated double model driven through its public API: lossAndGradient per example (or
 * lossAndGradientBatch per batch), then {@link Sgd#stepAndClear}, which leaves the gradients zero for
 * the next batch (so no separate zeroGradients pass). Unbatched, a batch of one example is one
 * {@code sgdStep}: the backward pass with the update folded in.
 */
public final class ChainruleDoubleLearner implements DoubleLearner {
    private final DoubleModel model;
    private final boolean batched;

    /** Wraps {@code model}; {@code batched}: a batch is one {@code lossAndGradientBatch} call. */
    public ChainruleDoubleLearner(DoubleModel model, boolean batched) {
        this.model = model;
        this.batched = batched;
        model.zeroGradients();
    }

    @Override
    public void beginBatch() {
        // the previous endBatch (or the constructor) left the gradients zero
    }

    @Override
    public double lossAndGradient(double[] x, int offset, int label) {
        return model.lossAndGradient(x, offset, label);
    }

    @Override
    public double batch(double[] x, int features, int[] labels, int[] order, int start, int stop) {
        if (!batched) {
            return DoubleLearner.super.batch(x, features, labels, order, start, stop);
        }
        return model.lossAndGradientBatch(x, features, order, start, stop, labels);
    }

    @Override
    public double trainBatch(double[] x, int features, int[] labels, int[] order, int start, int stop,
            double learningRate) {
        if (!batched && stop - start == 1) {
            int row = order[start];
            return model.sgdStep(x, row * features, labels[row], learningRate);
        }
        return DoubleLearner.super.trainBatch(x, features, labels, order, start, stop, learningRate);
    }

    @Override
    public void endBatch(double learningRate) {
        Sgd.stepAndClear(model, learningRate);
    }
}
