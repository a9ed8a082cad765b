package io.chainrule.train;

/**
 * Adam (Kingma and Ba) with bias correction and optional L2 weight decay added to the gradient
 * (not the decoupled AdamW form). With {@code g = ∂L/∂θ + λ θ}, moments starting at zero and
 * {@code t} the 1-based step:
 * <pre>
 * m ← β1 m + (1 − β1) g
 * v ← β2 v + (1 − β2) g²
 * θ ← θ − η (m / (1 − β1^t)) / (sqrt(v / (1 − β2^t)) + ε)
 * </pre>
 * The powers {@code β^t} of the bias corrections are computed by repeated squaring: plain
 * multiplications, the same on every JVM, and allocation-free (unlike {@code StrictMath.pow} on
 * JDK 17).
 */
public final class Adam extends BaseOptimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private float[][] floatM;
    private float[][] floatV;
    private double[][] doubleM;
    private double[][] doubleV;

    /** The usual defaults: {@code β1 = 0.9, β2 = 0.999, ε = 1e-8}, no weight decay. */
    public Adam() {
        this(0.9, 0.999, 1e-8, 0.0);
    }

    /**
     * @param beta1 decay of the first moment, in {@code [0, 1)}
     * @param beta2 decay of the second moment, in {@code [0, 1)}
     * @param epsilon added to the denominator, {@code > 0}
     * @param weightDecay L2 weight decay {@code λ >= 0}
     */
    public Adam(double beta1, double beta2, double epsilon, double weightDecay) {
        super(weightDecay);
        this.beta1 = requireFraction("beta1", beta1);
        this.beta2 = requireFraction("beta2", beta2);
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and > 0, was " + epsilon);
        }
        this.epsilon = epsilon;
    }

    /** {@code base^exponent} for {@code exponent >= 0}, by repeated squaring. */
    static double power(double base, int exponent) {
        double result = 1.0;
        double square = base;
        for (int e = exponent; e > 0; e >>= 1) {
            if ((e & 1) != 0) {
                result *= square;
            }
            square *= square;
        }
        return result;
    }

    @Override
    void allocateFloat(float[][] parameters) {
        floatM = zerosLike(parameters);
        floatV = zerosLike(parameters);
        doubleM = null;
        doubleV = null;
    }

    @Override
    void allocateDouble(double[][] parameters) {
        doubleM = zerosLike(parameters);
        doubleV = zerosLike(parameters);
        floatM = null;
        floatV = null;
    }

    @Override
    void stepFloat(float learningRate, float weightDecay, int step, int from, int to) {
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1.0 - beta1);
        float c2 = (float) (1.0 - beta2);
        float correction1 = (float) (1.0 - power(beta1, step));
        float correction2 = (float) (1.0 - power(beta2, step));
        float eps = (float) epsilon;
        for (int k = from; k < to; k++) {
            float[] p = floatParameters[k];
            float[] grad = floatGradients[k];
            float[] m = floatM[k];
            float[] v = floatV[k];
            for (int i = 0; i < p.length; i++) {
                float g = grad[i] + weightDecay * p[i];
                m[i] = b1 * m[i] + c1 * g;
                v[i] = b2 * v[i] + c2 * g * g;
                float mHat = m[i] / correction1;
                float vHat = v[i] / correction2;
                p[i] -= learningRate * mHat / ((float) Math.sqrt(vHat) + eps);
            }
        }
    }

    @Override
    void stepDouble(double learningRate, double weightDecay, int step, int from, int to) {
        double c1 = 1.0 - beta1;
        double c2 = 1.0 - beta2;
        double correction1 = 1.0 - power(beta1, step);
        double correction2 = 1.0 - power(beta2, step);
        for (int k = from; k < to; k++) {
            double[] p = doubleParameters[k];
            double[] grad = doubleGradients[k];
            double[] m = doubleM[k];
            double[] v = doubleV[k];
            for (int i = 0; i < p.length; i++) {
                double g = grad[i] + weightDecay * p[i];
                m[i] = beta1 * m[i] + c1 * g;
                v[i] = beta2 * v[i] + c2 * g * g;
                double mHat = m[i] / correction1;
                double vHat = v[i] / correction2;
                p[i] -= learningRate * mHat / (Math.sqrt(vHat) + epsilon);
            }
        }
    }
}
