package io.chainrule;

import java.util.Random;

/** Seeded weight initialisation used by generated {@link Model#initialize(long)} methods. */
public final class Initializer {
    private Initializer() {
    }

    /** Half-width of the uniform distribution for a layer: He for the ReLU family, else Glorot. */
    public static double limit(int fanIn, int fanOut, Activation activation) {
        return activation.isRectifier()
                ? Math.sqrt(6.0 / fanIn)
                : Math.sqrt(6.0 / (fanIn + fanOut));
    }

    /** Fills the weight rows {@code w[fanIn][fanOut]} uniformly in {@code ±limit}, row by row. */
    public static void fill(float[][] w, Activation activation, Random random) {
        double limit = limit(w.length, w[0].length, activation);
        for (float[] row : w) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) ((2.0 * random.nextDouble() - 1.0) * limit);
            }
        }
    }

    /** Fills the weight rows {@code w[fanIn][fanOut]} uniformly in {@code ±limit}, row by row. */
    public static void fill(double[][] w, Activation activation, Random random) {
        double limit = limit(w.length, w[0].length, activation);
        for (double[] row : w) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (2.0 * random.nextDouble() - 1.0) * limit;
            }
        }
    }
}
