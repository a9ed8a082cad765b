package io.chainrule.train;

/**
 * Plain gradient descent as an {@link Optimizer}: {@code θ ← θ − η (g + λ θ)}. It keeps no state;
 * the arithmetic is {@link Sgd}'s.
 */
public final class GradientDescent extends BaseOptimizer {
    /** Without weight decay. */
    public GradientDescent() {
        this(0.0);
    }

    /** With L2 weight decay {@code λ = weightDecay} ({@code >= 0}). */
    public GradientDescent(double weightDecay) {
        super(weightDecay);
    }

    @Override
    void allocateFloat(float[][] parameters) {
        // stateless
    }

    @Override
    void allocateDouble(double[][] parameters) {
        // stateless
    }

    @Override
    void stepFloat(float learningRate, float weightDecay, int step, int from, int to) {
        Sgd.step(floatParameters, floatGradients, learningRate, weightDecay, from, to);
    }

    @Override
    void stepDouble(double learningRate, double weightDecay, int step, int from, int to) {
        Sgd.step(doubleParameters, doubleGradients, learningRate, weightDecay, from, to);
    }
}
