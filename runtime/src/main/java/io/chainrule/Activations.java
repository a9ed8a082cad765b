package io.chainrule;

/**
 * The transcendental activation functions used by generated code, written so that they never
 * overflow or return NaN for finite input, and built on {@link Math#exp} (a HotSpot intrinsic;
 * {@code Math.tanh} is not and was three times slower in a 4-8-3 network).
 */
public final class Activations {
    private Activations() {
    }

    /** {@code 1 / (1 + e^-z)}; 0 or 1 in the limits, never NaN. */
    public static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }

    /** {@code 1 / (1 + e^-z)} in float. */
    public static float sigmoid(float z) {
        return (float) (1.0 / (1.0 + Math.exp(-z)));
    }

    /** {@code tanh z = sign(z) (1 - e^-2|z|) / (1 + e^-2|z|)}. */
    public static double tanh(double z) {
        double t = Math.exp(-2.0 * Math.abs(z));
        double r = (1.0 - t) / (1.0 + t);
        return z < 0 ? -r : r;
    }

    /** {@code tanh z} in float. */
    public static float tanh(float z) {
        return (float) tanh((double) z);
    }

    /** {@code ln(1 + e^z) = max(z, 0) + ln(1 + e^-|z|)}, exact for large |z|. */
    public static double softplus(double z) {
        return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    /** {@code ln(1 + e^z)} in float. */
    public static float softplus(float z) {
        return (float) softplus((double) z);
    }
}
