package io.chainrule.vector;

import static io.chainrule.vector.FloatBlocks.affine4;
import static io.chainrule.vector.FloatBlocks.input;
import static io.chainrule.vector.FloatBlocks.madd;
import static io.chainrule.vector.FloatBlocks.offset;
import static io.chainrule.vector.FloatBlocks.outer4;

import io.chainrule.kernel.FloatProducts;

/**
 * {@link FloatProducts} with the Vector API, in the machine's widest vectors ({@code L} lanes:
 * 16 floats with AVX-512, 8 with AVX2). Four examples (or four weight rows) times two vectors of
 * outputs (four vectors with AVX-512) are held in vector accumulators across the whole reduction,
 * so every weight (or gradient) vector loaded serves four of them and no accumulator goes through
 * memory until its sum is complete (for the forward product: until the end of a panel of rows,
 * {@link #PANEL_BYTES}); the generated loops load and store their accumulator row for every four
 * terms.
 *
 * <p>Each lane is one element's sum, computed as the generated loops compute it: the element's
 * current value, then for each term in order a product rounded to float and an addition rounded
 * to float ({@code mul}, then {@code add}; no fused multiply-add). So the results have the
 * generated loops' bits. With {@code -Dchainrule.products=fma} (the opt-in) each multiply-add is
 * fused instead, {@code Math.fma} in the same order: faster where the machine has FMA units, other
 * bits than the loops, and the same bits on every JVM that runs these products. Outputs left over
 * after the vector blocks take one vector, then scalar loops. The examples (or rows) left after
 * the blocks of four take the generated loops' shape in plain Java, not one-example vector code:
 * that would run so rarely that it stayed in the interpreter, where every vector is an object
 * allocated on the heap (4 B per example measured on P2), and a block padded with copies would
 * cost up to four times the work of a small batch.
 */
public final class VectorFloatProducts implements FloatProducts {
    private static final int L = FloatBlocks.L;

    /**
     * Whether the blocks of four examples (or rows) take four vectors of columns at a time (16
     * accumulators) before they take two: with AVX-512's 32 vector registers (and 16 floats per
     * vector) that measured faster; AVX2's 16 registers cannot hold them.
     */
    private final boolean wide;

    /**
     * Bytes of weights the forward product takes for all examples before the next rows: a panel
     * of rows that stays in a 32 KB L1 data cache beside the accumulators and inputs, where a
     * pass over all of W per block of examples reads W from L2 each time. Each element still
     * gets its terms in the order of j (the panels come in order), so the bits are the same.
     */
    static final int PANEL_BYTES = 16 * 1024;

    /** Fails (and the service lookup passes this provider over) where the JVM has no Vector API module. */
    public VectorFloatProducts() {
        this(L >= 16);
    }

    /** With or without the four-vector blocks, whatever the machine (for tests). */
    VectorFloatProducts(boolean wide) {
        if (L < 4) {
            throw new UnsupportedOperationException("vectors of " + L + " floats: the generated loops are as fast");
        }
        this.wide = wide;
    }

    @Override
    public void affine(float[][] w, float[] x, int offset, float[] z, int rows, int cols) {
        FloatExampleProducts.affine(w, x, offset, z, rows, cols);
    }

    @Override
    public void outerProduct(float[][] grad, float[] x, int offset, float[] d, int rows, int cols) {
        FloatExampleProducts.outerProduct(grad, x, offset, d, rows, cols);
    }

    @Override
    public void descend(float[][] w, float[] x, int offset, float[] d, float learningRate, int rows, int cols) {
        FloatExampleProducts.descend(w, x, offset, d, learningRate, rows, cols);
    }

    @Override
    public void affine(float[][] w, float[] x, int[] offsets, float[][] z, int n, int rows, int cols) {
        affine(w, null, x, offsets, z, n, rows, cols);
    }

    @Override
    public void affine(float[][] w, float[][] h, float[][] z, int n, int rows, int cols) {
        affine(w, h, null, null, z, n, rows, cols);
    }

    @Override
    public void outerProduct(float[][] grad, float[] x, int[] offsets, float[][] d, int n, int rows, int cols) {
        outerProduct(grad, null, x, offsets, d, n, rows, cols);
    }

    @Override
    public void outerProduct(float[][] grad, float[][] h, float[][] d, int n, int rows, int cols) {
        outerProduct(grad, h, null, null, d, n, rows, cols);
    }

    @Override
    public String toString() {
        return "Vector API, " + L + " floats per vector, blocks of " + (wide ? 4 : 2) + " vectors"
                + (FloatBlocks.FUSED ? ", fused multiply-adds (not the loops' bits)" : "");
    }

    private void affine(float[][] w, float[][] h, float[] x, int[] offsets, float[][] z, int n, int rows, int cols) {
        int blocked = n - n % 4;
        int panel = Math.max(4, PANEL_BYTES / (Float.BYTES * Math.max(1, cols)));
        for (int from = 0; from < rows; from += panel) {
            int to = Math.min(rows, from + panel);
            for (int e = 0; e < blocked; e += 4) {
                affine4(w, input(h, x, e), offset(h, offsets, e), input(h, x, e + 1), offset(h, offsets, e + 1),
                        input(h, x, e + 2), offset(h, offsets, e + 2), input(h, x, e + 3), offset(h, offsets, e + 3),
                        z[e], z[e + 1], z[e + 2], z[e + 3], from, to, cols, wide);
            }
        }
        for (int e = blocked; e < n; e++) {
            float[] a = input(h, x, e);
            int o = offset(h, offsets, e);
            float[] ze = z[e];
            for (int j = 0; j < rows; j++) {
                float[] row = w[j];
                float in = a[o + j];
                for (int i = 0; i < cols; i++) {
                    ze[i] = madd(ze[i], row[i], in);
                }
            }
        }
    }

    private void outerProduct(float[][] grad, float[][] h, float[] x, int[] offsets, float[][] d,
            int n, int rows, int cols) {
        int j = 0;
        for (; j + 4 <= rows; j += 4) {
            outer4(grad[j], grad[j + 1], grad[j + 2], grad[j + 3], j, h, x, offsets, d, n, cols, wide);
        }
        for (; j < rows; j++) {
            float[] g = grad[j];
            for (int e = 0; e < n; e++) {
                float in = input(h, x, e)[offset(h, offsets, e) + j];
                float[] de = d[e];
                for (int i = 0; i < cols; i++) {
                    g[i] = madd(g[i], in, de[i]);
                }
            }
        }
    }
}
