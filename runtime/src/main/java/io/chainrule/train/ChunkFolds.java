package io.chainrule.train;

/**
 * The arithmetic of the fixed chunk order, in one place for every way a chunk's gradient arrives
 * (the trainer's own threads, {@link ChunkComputer}s): the gradient of a minibatch of chunks
 * {@code g0 .. g(n-1)} is {@code ((g0 + g1) + ...) + g(n-1)}, element by element, in chunk order,
 * then multiplied by {@code factor} (one over the batch size), with the squared norm of the result
 * summed in one fixed way. Whoever computed a chunk, and in whatever order the chunks were
 * finished, the bits are these. Allocates nothing.
 */
final class ChunkFolds {
    private ChunkFolds() {
    }

    /** {@code acc = g}; with {@code clear}, {@code g = 0}. */
    static void first(float[][] acc, float[][] g, boolean clear) {
        for (int k = 0; k < acc.length; k++) {
            float[] a = acc[k];
            float[] h = g[k];
            System.arraycopy(h, 0, a, 0, a.length);
            if (clear) {
                java.util.Arrays.fill(h, 0f);
            }
        }
    }

    /** {@code acc += g}; with {@code clear}, {@code g = 0}. */
    static void add(float[][] acc, float[][] g, boolean clear) {
        for (int k = 0; k < acc.length; k++) {
            float[] a = acc[k];
            float[] h = g[k];
            if (clear) {
                for (int i = 0; i < a.length; i++) {
                    a[i] += h[i];
                    h[i] = 0f;
                }
            } else {
                for (int i = 0; i < a.length; i++) {
                    a[i] += h[i];
                }
            }
        }
    }

    /**
     * The last fold of the arrays {@code from .. to - 1}: {@code out = (acc + g) * factor} ({@code g}
     * may be {@code out} itself), and {@code norms[k]} array k's squared norm, in 4 independent sums
     * added as {@code (s0 + s1) + (s2 + s3)}. The gradient's squared norm is {@link #sum} of all
     * arrays' norms, whichever thread folded which arrays.
     */
    static void last(float[][] out, float[][] acc, float[][] g, double factor, int from, int to, double[] norms) {
        float f = (float) factor;
        for (int k = from; k < to; k++) {
            norms[k] = last(out[k], acc[k], g[k], f);
        }
    }

    /** The squared norm of a gradient from its arrays' ({@link #last}), added in array order. */
    static double sum(double[] norms) {
        double sum = 0;
        for (double norm : norms) {
            sum += norm;
        }
        return sum;
    }

    /** One array of {@code out = (acc + g) * f}; its squared norm. */
    private static double last(float[] o, float[] a, float[] h, float f) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < o.length; i += 4) {
            float x0 = (a[i] + h[i]) * f;
            float x1 = (a[i + 1] + h[i + 1]) * f;
            float x2 = (a[i + 2] + h[i + 2]) * f;
            float x3 = (a[i + 3] + h[i + 3]) * f;
            o[i] = x0;
            o[i + 1] = x1;
            o[i + 2] = x2;
            o[i + 3] = x3;
            s0 += (double) x0 * x0;
            s1 += (double) x1 * x1;
            s2 += (double) x2 * x2;
            s3 += (double) x3 * x3;
        }
        for (; i < o.length; i++) {
            float x0 = (a[i] + h[i]) * f;
            o[i] = x0;
            s0 += (double) x0 * x0;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** See {@link #first(float[][], float[][], boolean)}. */
    static void first(double[][] acc, double[][] g, boolean clear) {
        for (int k = 0; k < acc.length; k++) {
            double[] a = acc[k];
            double[] h = g[k];
            System.arraycopy(h, 0, a, 0, a.length);
            if (clear) {
                java.util.Arrays.fill(h, 0d);
            }
        }
    }

    /** See {@link #add(float[][], float[][], boolean)}. */
    static void add(double[][] acc, double[][] g, boolean clear) {
        for (int k = 0; k < acc.length; k++) {
            double[] a = acc[k];
            double[] h = g[k];
            if (clear) {
                for (int i = 0; i < a.length; i++) {
                    a[i] += h[i];
                    h[i] = 0d;
                }
            } else {
                for (int i = 0; i < a.length; i++) {
                    a[i] += h[i];
                }
            }
        }
    }

    /** See {@link #last(float[][], float[][], float[][], double, int, int, double[])}. */
    static void last(double[][] out, double[][] acc, double[][] g, double factor, int from, int to, double[] norms) {
        for (int k = from; k < to; k++) {
            norms[k] = last(out[k], acc[k], g[k], factor);
        }
    }

    private static double last(double[] o, double[] a, double[] h, double factor) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < o.length; i += 4) {
            double x0 = (a[i] + h[i]) * factor;
            double x1 = (a[i + 1] + h[i + 1]) * factor;
            double x2 = (a[i + 2] + h[i + 2]) * factor;
            double x3 = (a[i + 3] + h[i + 3]) * factor;
            o[i] = x0;
            o[i + 1] = x1;
            o[i + 2] = x2;
            o[i + 3] = x3;
            s0 += x0 * x0;
            s1 += x1 * x1;
            s2 += x2 * x2;
            s3 += x3 * x3;
        }
        for (; i < o.length; i++) {
            double x0 = (a[i] + h[i]) * factor;
            o[i] = x0;
            s0 += x0 * x0;
        }
        return (s0 + s1) + (s2 + s3);
    }
}
