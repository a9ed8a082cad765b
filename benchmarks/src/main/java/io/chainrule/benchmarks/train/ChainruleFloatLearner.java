package io.chainrule.benchmarks.train;

import io.chainrule.FloatModel;
import io.chainrule.train.Sgd;

/** A generated float model driven through its public API: zeroGradients, lossAndGradient, {@link Sgd}. */
public final class ChainruleFloatLearner implements FloatLearner {
    private final FloatModel model;

    /** Wraps {@code model}. */
    public ChainruleFloatLearner(FloatModel model) {
        this.model = model;
    }

    @Override
    public void beginBatch() {
        model.zeroGradients();
    }

    @Override
    public float lossAndGradient(float[] x, int offset, int label) {
        return model.lossAndGradient(x, offset, label);
    }

    @Override
    public void endBatch(float learningRate) {
        Sgd.step(model, learningRate);
    }
}
