package io.chainrule.train;

import io.chainrule.Loss;

/**
 * A 2-3 softmax classifier whose loss is NaN for every example whose first feature is
 * {@link #MARK} (a finite value): a forward pass that overflows on one example of finite data.
 * Public with a public no-argument constructor, so that multi-threaded training can replicate it.
 */
public final class MarkedNanModel extends FloatLinearModel {
    /** The first feature of the examples whose loss is NaN. */
    public static final float MARK = 99f;

    public MarkedNanModel() {
        super(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
    }

    @Override
    public float loss(float[] x, int offset, int label) {
        float loss = super.loss(x, offset, label);
        return x[offset] == MARK ? Float.NaN : loss;
    }

    @Override
    public float lossAndGradient(float[] x, int offset, int label) {
        float loss = super.lossAndGradient(x, offset, label);
        return x[offset] == MARK ? Float.NaN : loss;
    }
}
