package io.chainrule.benchmarks.train;

import io.chainrule.DoubleModel;
import io.chainrule.train.Sgd;

/** A generated double model driven through its public API: zeroGradients, lossAndGradient, {@link Sgd}. */
public final class ChainruleDoubleLearner implements DoubleLearner {
    private final DoubleModel model;

    /** Wraps {@code model}. */
    public ChainruleDoubleLearner(DoubleModel model) {
        this.model = model;
    }

    @Override
    public void beginBatch() {
        model.zeroGradients();
    }

    @Override
    public double lossAndGradient(double[] x, int offset, int label) {
        return model.lossAndGradient(x, offset, label);
    }

    @Override
    public void endBatch(double learningRate) {
        Sgd.step(model, learningRate);
    }
}
