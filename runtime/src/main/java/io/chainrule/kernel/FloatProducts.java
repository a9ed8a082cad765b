package io.chainrule.kernel;

/**
 * The products of a dense float layer that carry its arithmetic (the forward product and the
 * weight gradient of one example or of a batch, one example's SGD step), for generated
 * code to hand to a faster implementation than its own loops ({@link Products#FLOAT}). An
 * implementation must compute every element with the operations of the generated loops in their
 * order (a product rounded to float, then an addition rounded to float, over the reduction index
 * in increasing order, no fused multiply-add), so that it returns their bits exactly; unless the
 * user opted into fused multiply-adds ({@link Products#FUSED}): then each product with the
 * addition that takes it is one {@code Math.fma}, in the same order.
 *
 * <p>Weights are stored as in generated classes: row {@code w[j]} holds the {@code cols} weights
 * leaving input {@code j}. An input is either one array per example ({@code h[e]}) or one flat
 * array with each example's offset ({@code x[offsets[e] + j]}).
 */
public interface FloatProducts {
    /**
     * One example: {@code z[i] += w[0][i] * x[offset] + ... + w[rows - 1][i] * x[offset + rows -
     * 1]}, added in that order (the per-example forward pass; {@code offset} 0 for a layer's input
     * {@code h}).
     */
    void affine(float[][] w, float[] x, int offset, float[] z, int rows, int cols);

    /**
     * One example: {@code grad[j][i] += x[offset + j] * d[i]} (the per-example weight gradient;
     * {@code offset} 0 for a layer's input {@code h}).
     */
    void outerProduct(float[][] grad, float[] x, int offset, float[] d, int rows, int cols);

    /**
     * One example's SGD step: {@code w[j][i] -= learningRate * (x[offset + j] * d[i])}, the
     * product {@code x[offset + j] * d[i]} rounded, then its product with the rate rounded, then
     * the difference rounded; never fused, also with {@link Products#FUSED} (which fuses the sums
     * of products, not the steps of the weights).
     */
    void descend(float[][] w, float[] x, int offset, float[] d, float learningRate, int rows, int cols);

    /** {@code z[e][i] += w[0][i] * x[offsets[e]] + ... + w[rows - 1][i] * x[offsets[e] + rows - 1]}, added in that order. */
    void affine(float[][] w, float[] x, int[] offsets, float[][] z, int n, int rows, int cols);

    /** {@code z[e][i] += w[0][i] * h[e][0] + ... + w[rows - 1][i] * h[e][rows - 1]}, added in that order. */
    void affine(float[][] w, float[][] h, float[][] z, int n, int rows, int cols);

    /** {@code grad[j][i] += x[offsets[0] + j] * d[0][i] + ... + x[offsets[n - 1] + j] * d[n - 1][i]}, added in that order. */
    void outerProduct(float[][] grad, float[] x, int[] offsets, float[][] d, int n, int rows, int cols);

    /** {@code grad[j][i] += h[0][j] * d[0][i] + ... + h[n - 1][j] * d[n - 1][i]}, added in that order. */
    void outerProduct(float[][] grad, float[][] h, float[][] d, int n, int rows, int cols);
}
