package io.chainrule.train;

/**
 * Gradient descent with momentum, classic or Nesterov, in the form PyTorch uses. With
 * {@code g = ∂L/∂θ + λ θ} and the velocity {@code v} starting at zero:
 * <pre>
 * v ← μ v + g
 * θ ← θ − η v              (classic)
 * θ ← θ − η (g + μ v)      (Nesterov)
 * </pre>
 */
public final class Momentum extends BaseOptimizer {
    private final double momentum;
    private final boolean nesterov;
    private float[][] floatVelocity;
    private double[][] doubleVelocity;

    /** Classic momentum {@code μ} in {@code [0, 1)}, without weight decay. */
    public Momentum(double momentum) {
        this(momentum, false, 0.0);
    }

    /**
     * @param momentum {@code μ}, in {@code [0, 1)}; 0.9 is the usual choice
     * @param nesterov true for Nesterov's look-ahead update
     * @param weightDecay L2 weight decay {@code λ >= 0}
     */
    public Momentum(double momentum, boolean nesterov, double weightDecay) {
        super(weightDecay);
        this.momentum = requireFraction("momentum", momentum);
        this.nesterov = nesterov;
    }

    /** {@code μ}. */
    public double momentum() {
        return momentum;
    }

    /** True for the Nesterov update. */
    public boolean nesterov() {
        return nesterov;
    }

    @Override
    void allocateFloat(float[][] parameters) {
        floatVelocity = zerosLike(parameters);
        doubleVelocity = null;
    }

    @Override
    void allocateDouble(double[][] parameters) {
        doubleVelocity = zerosLike(parameters);
        floatVelocity = null;
    }

    @Override
    void stepFloat(float learningRate, float weightDecay, int step, int from, int to) {
        float mu = (float) momentum;
        for (int k = from; k < to; k++) {
            float[] p = floatParameters[k];
            float[] grad = floatGradients[k];
            float[] v = floatVelocity[k];
            for (int i = 0; i < p.length; i++) {
                float g = grad[i] + weightDecay * p[i];
                v[i] = mu * v[i] + g;
                p[i] -= learningRate * (nesterov ? g + mu * v[i] : v[i]);
            }
        }
    }

    @Override
    void stepDouble(double learningRate, double weightDecay, int step, int from, int to) {
        double mu = momentum;
        for (int k = from; k < to; k++) {
            double[] p = doubleParameters[k];
            double[] grad = doubleGradients[k];
            double[] v = doubleVelocity[k];
            for (int i = 0; i < p.length; i++) {
                double g = grad[i] + weightDecay * p[i];
                v[i] = mu * v[i] + g;
                p[i] -= learningRate * (nesterov ? g + mu * v[i] : v[i]);
            }
        }
    }
}
