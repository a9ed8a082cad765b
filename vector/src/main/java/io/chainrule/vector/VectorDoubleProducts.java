package io.chainrule.vector;

import static io.chainrule.vector.DoubleBlocks.affine4;
import static io.chainrule.vector.DoubleBlocks.input;
import static io.chainrule.vector.DoubleBlocks.madd;
import static io.chainrule.vector.DoubleBlocks.offset;
import static io.chainrule.vector.DoubleBlocks.outer4;

import io.chainrule.kernel.DoubleProducts;

/**
 * {@link DoubleProducts} with the Vector API, in the machine's widest vectors ({@code L} lanes:
 * 8 doubles with AVX-512, 4 with AVX2). Four examples (or four weight rows) times two vectors of
 * outputs (four vectors with AVX-512) are held in vector accumulators across the whole reduction,
 * so every weight (or gradient) vector loaded serves four of them and no accumulator goes through
 * memory until its sum is complete (for the forward product: until the end of a panel of rows,
 * {@link #PANEL_BYTES}); the generated loops load and store their accumulator row for every four
 * terms.
 *
 * <p>Each lane is one element's sum, computed as the generated loops compute it: the element's
 * current value, then for each term in order a product rounded to double and an addition rounded
 * to double ({@code mul}, then {@code add}; no fused multiply-add). So the results have the
 * generated loops' bits. With {@code -Dchainrule.products=fma} (the opt-in) each multiply-add is
 * fused instead, {@code Math.fma} in the same order: faster where the machine has FMA units, other
 * bits than the loops, and the same bits on every JVM that runs these products. Outputs left over
 * after the vector blocks take one vector, then scalar loops. The examples (or rows) left after
 * the blocks of four take the generated loops' shape in plain Java, not one-example vector code:
 * that would run so rarely that it stayed in the interpreter, where every vector is an object
 * allocated on the heap (4 B per example measured on P2), and a block padded with copies would
 * cost up to four times the work of a small batch.
 */
public final class VectorDoubleProducts implements DoubleProducts {
    private static final int L = DoubleBlocks.L;

    /**
     * Whether the blocks of four examples (or rows) take four vectors of columns at a time (16
     * accumulators) before they take two: with AVX-512's 32 vector registers (and 8 doubles per
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
    public VectorDoubleProducts() {
        this(L >= 8);
    }

    /** With or without the four-vector blocks, whatever the machine (for tests). */
    VectorDoubleProducts(boolean wide) {
        if (L < 2) {
            throw new UnsupportedOperationException("vectors of " + L + " doubles: the generated loops are as fast");
        }
        this.wide = wide;
    }

    @Override
    public void affine(double[][] w, double[] x, int offset, double[] z, int rows, int cols) {
        DoubleExampleProducts.affine(w, x, offset, z, rows, cols);
    }

    @Override
    public void outerProduct(double[][] grad, double[] x, int offset, double[] d, int rows, int cols) {
        DoubleExampleProducts.outerProduct(grad, x, offset, d, rows, cols);
    }

    @Override
    public void descend(double[][] w, double[] x, int offset, double[] d, double learningRate, int rows, int cols) {
        DoubleExampleProducts.descend(w, x, offset, d, learningRate, rows, cols);
    }

    @Override
    public void affine(double[][] w, double[] x, int[] offsets, double[][] z, int n, int rows, int cols) {
        affine(w, null, x, offsets, z, n, rows, cols);
    }

    @Override
    public void affine(double[][] w, double[][] h, double[][] z, int n, int rows, int cols) {
        affine(w, h, null, null, z, n, rows, cols);
    }

    @Override
    public void outerProduct(double[][] grad, double[] x, int[] offsets, double[][] d, int n, int rows, int cols) {
        outerProduct(grad, null, x, offsets, d, n, rows, cols);
    }

    @Override
    public void outerProduct(double[][] grad, double[][] h, double[][] d, int n, int rows, int cols) {
        outerProduct(grad, h, null, null, d, n, rows, cols);
    }

    @Override
    public String toString() {
        return "Vector API, " + L + " doubles per vector, blocks of " + (wide ? 4 : 2) + " vectors"
                + (DoubleBlocks.FUSED ? ", fused multiply-adds (not the loops' bits)" : "");
    }

    private void affine(double[][] w, double[][] h, double[] x, int[] offsets, double[][] z, int n, int rows, int cols) {
        int blocked = n - n % 4;
        int panel = Math.max(4, PANEL_BYTES / (Double.BYTES * Math.max(1, cols)));
        for (int from = 0; from < rows; from += panel) {
            int to = Math.min(rows, from + panel);
            for (int e = 0; e < blocked; e += 4) {
                affine4(w, input(h, x, e), offset(h, offsets, e), input(h, x, e + 1), offset(h, offsets, e + 1),
                        input(h, x, e + 2), offset(h, offsets, e + 2), input(h, x, e + 3), offset(h, offsets, e + 3),
                        z[e], z[e + 1], z[e + 2], z[e + 3], from, to, cols, wide);
            }
        }
        for (int e = blocked; e < n; e++) {
            double[] a = input(h, x, e);
            int o = offset(h, offsets, e);
            double[] ze = z[e];
            for (int j = 0; j < rows; j++) {
                double[] row = w[j];
                double in = a[o + j];
                for (int i = 0; i < cols; i++) {
                    ze[i] = madd(ze[i], row[i], in);
                }
            }
        }
    }

    private void outerProduct(double[][] grad, double[][] h, double[] x, int[] offsets, double[][] d,
            int n, int rows, int cols) {
        int j = 0;
        for (; j + 4 <= rows; j += 4) {
            outer4(grad[j], grad[j + 1], grad[j + 2], grad[j + 3], j, h, x, offsets, d, n, cols, wide);
        }
        for (; j < rows; j++) {
            double[] g = grad[j];
            for (int e = 0; e < n; e++) {
                double in = input(h, x, e)[offset(h, offsets, e) + j];
                double[] de = d[e];
                for (int i = 0; i < cols; i++) {
                    g[i] = madd(g[i], in, de[i]);
                }
            }
        }
    }
}
