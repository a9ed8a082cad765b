package io.chainrule.vector;

import static io.chainrule.vector.DoubleBlocks.FUSED;
import static io.chainrule.vector.DoubleBlocks.S;
import static io.chainrule.vector.DoubleBlocks.madd;

import jdk.incubator.vector.DoubleVector;

/**
 * The register blocks of {@link VectorDoubleProducts#transposedProduct}, the gradient passed down
 * through W from its transposed copy {@code t}: each example's four partial sums of the generated
 * dot product, added in its order, each multiply-add written out as in {@link DoubleBlocks}.
 */
final class DoubleTransposedBlocks {
    private DoubleTransposedBlocks() {
    }

    /**
     * {@code outk[j..] = (s0 + s1) + (s2 + s3)} with {@code s_r = Σ over i = r, r + 4, .. of t[i][j..]
     * * dk[i]} for two examples k and one vector of j from {@code j}: the eight partial sums are
     * vector accumulators across the whole reduction over i, each loaded vector of {@code t}
     * serving both examples. The caller takes every pair of examples for one vector of j before the
     * next, so the slice of {@code t} it reads stays in L1 for the whole batch.
     */
    static void down2(double[][] t, double[] d0, double[] d1, double[] out0, double[] out1, int j, int cols) {
        int quads = cols - cols % 4;
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00;
        DoubleVector c02 = c00;
        DoubleVector c03 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c12 = c00;
        DoubleVector c13 = c00;
        for (int i = 0; i < quads; i += 4) {
            DoubleVector t0 = DoubleVector.fromArray(S, t[i], j);
            DoubleVector t1 = DoubleVector.fromArray(S, t[i + 1], j);
            DoubleVector t2 = DoubleVector.fromArray(S, t[i + 2], j);
            DoubleVector t3 = DoubleVector.fromArray(S, t[i + 3], j);
            DoubleVector x00 = DoubleVector.broadcast(S, d0[i]);
            DoubleVector x01 = DoubleVector.broadcast(S, d0[i + 1]);
            DoubleVector x02 = DoubleVector.broadcast(S, d0[i + 2]);
            DoubleVector x03 = DoubleVector.broadcast(S, d0[i + 3]);
            DoubleVector x10 = DoubleVector.broadcast(S, d1[i]);
            DoubleVector x11 = DoubleVector.broadcast(S, d1[i + 1]);
            DoubleVector x12 = DoubleVector.broadcast(S, d1[i + 2]);
            DoubleVector x13 = DoubleVector.broadcast(S, d1[i + 3]);
            c00 = FUSED ? t0.fma(x00, c00) : c00.add(t0.mul(x00));
            c01 = FUSED ? t1.fma(x01, c01) : c01.add(t1.mul(x01));
            c02 = FUSED ? t2.fma(x02, c02) : c02.add(t2.mul(x02));
            c03 = FUSED ? t3.fma(x03, c03) : c03.add(t3.mul(x03));
            c10 = FUSED ? t0.fma(x10, c10) : c10.add(t0.mul(x10));
            c11 = FUSED ? t1.fma(x11, c11) : c11.add(t1.mul(x11));
            c12 = FUSED ? t2.fma(x12, c12) : c12.add(t2.mul(x12));
            c13 = FUSED ? t3.fma(x13, c13) : c13.add(t3.mul(x13));
        }
        // the last cols % 4 terms, one to each of the first partial sums
        if (quads < cols) {
            DoubleVector t0 = DoubleVector.fromArray(S, t[quads], j);
            DoubleVector x00 = DoubleVector.broadcast(S, d0[quads]);
            DoubleVector x10 = DoubleVector.broadcast(S, d1[quads]);
            c00 = FUSED ? t0.fma(x00, c00) : c00.add(t0.mul(x00));
            c10 = FUSED ? t0.fma(x10, c10) : c10.add(t0.mul(x10));
        }
        if (quads + 1 < cols) {
            DoubleVector t1 = DoubleVector.fromArray(S, t[quads + 1], j);
            DoubleVector x01 = DoubleVector.broadcast(S, d0[quads + 1]);
            DoubleVector x11 = DoubleVector.broadcast(S, d1[quads + 1]);
            c01 = FUSED ? t1.fma(x01, c01) : c01.add(t1.mul(x01));
            c11 = FUSED ? t1.fma(x11, c11) : c11.add(t1.mul(x11));
        }
        if (quads + 2 < cols) {
            DoubleVector t2 = DoubleVector.fromArray(S, t[quads + 2], j);
            DoubleVector x02 = DoubleVector.broadcast(S, d0[quads + 2]);
            DoubleVector x12 = DoubleVector.broadcast(S, d1[quads + 2]);
            c02 = FUSED ? t2.fma(x02, c02) : c02.add(t2.mul(x02));
            c12 = FUSED ? t2.fma(x12, c12) : c12.add(t2.mul(x12));
        }
        c00.add(c01).add(c02.add(c03)).intoArray(out0, j);
        c10.add(c11).add(c12.add(c13)).intoArray(out1, j);
    }

    /** {@code (s0 + s1) + (s2 + s3)} of {@link #down2} for one example and one j, in scalars. */
    static double splitDot(double[][] t, int j, double[] d, int cols) {
        int quads = cols - cols % 4;
        double s0 = 0d;
        double s1 = 0d;
        double s2 = 0d;
        double s3 = 0d;
        for (int i = 0; i < quads; i += 4) {
            s0 = madd(s0, t[i][j], d[i]);
            s1 = madd(s1, t[i + 1][j], d[i + 1]);
            s2 = madd(s2, t[i + 2][j], d[i + 2]);
            s3 = madd(s3, t[i + 3][j], d[i + 3]);
        }
        if (quads < cols) {
            s0 = madd(s0, t[quads][j], d[quads]);
        }
        if (quads + 1 < cols) {
            s1 = madd(s1, t[quads + 1][j], d[quads + 1]);
        }
        if (quads + 2 < cols) {
            s2 = madd(s2, t[quads + 2][j], d[quads + 2]);
        }
        return (s0 + s1) + (s2 + s3);
    }
}
