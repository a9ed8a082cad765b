package io.chainrule.vector;

import static io.chainrule.vector.FloatBlocks.FUSED;
import static io.chainrule.vector.FloatBlocks.S;
import static io.chainrule.vector.FloatBlocks.madd;

import jdk.incubator.vector.FloatVector;

/**
 * The register blocks of {@link VectorFloatProducts#transposedProduct}, the gradient passed down
 * through W from its transposed copy {@code t}: each example's four partial sums of the generated
 * dot product, added in its order, each multiply-add written out as in {@link FloatBlocks}.
 */
final class FloatTransposedBlocks {
    private FloatTransposedBlocks() {
    }

    /**
     * {@code outk[j..] = (s0 + s1) + (s2 + s3)} with {@code s_r = Σ over i = r, r + 4, .. of t[i][j..]
     * * dk[i]} for two examples k and one vector of j from {@code j}: the eight partial sums are
     * vector accumulators across the whole reduction over i, each loaded vector of {@code t}
     * serving both examples. The caller takes every pair of examples for one vector of j before the
     * next, so the slice of {@code t} it reads stays in L1 for the whole batch.
     */
    static void down2(float[][] t, float[] d0, float[] d1, float[] out0, float[] out1, int j, int cols) {
        int quads = cols - cols % 4;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c02 = c00;
        FloatVector c03 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c12 = c00;
        FloatVector c13 = c00;
        for (int i = 0; i < quads; i += 4) {
            FloatVector t0 = FloatVector.fromArray(S, t[i], j);
            FloatVector t1 = FloatVector.fromArray(S, t[i + 1], j);
            FloatVector t2 = FloatVector.fromArray(S, t[i + 2], j);
            FloatVector t3 = FloatVector.fromArray(S, t[i + 3], j);
            FloatVector x00 = FloatVector.broadcast(S, d0[i]);
            FloatVector x01 = FloatVector.broadcast(S, d0[i + 1]);
            FloatVector x02 = FloatVector.broadcast(S, d0[i + 2]);
            FloatVector x03 = FloatVector.broadcast(S, d0[i + 3]);
            FloatVector x10 = FloatVector.broadcast(S, d1[i]);
            FloatVector x11 = FloatVector.broadcast(S, d1[i + 1]);
            FloatVector x12 = FloatVector.broadcast(S, d1[i + 2]);
            FloatVector x13 = FloatVector.broadcast(S, d1[i + 3]);
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
            FloatVector t0 = FloatVector.fromArray(S, t[quads], j);
            FloatVector x00 = FloatVector.broadcast(S, d0[quads]);
            FloatVector x10 = FloatVector.broadcast(S, d1[quads]);
            c00 = FUSED ? t0.fma(x00, c00) : c00.add(t0.mul(x00));
            c10 = FUSED ? t0.fma(x10, c10) : c10.add(t0.mul(x10));
        }
        if (quads + 1 < cols) {
            FloatVector t1 = FloatVector.fromArray(S, t[quads + 1], j);
            FloatVector x01 = FloatVector.broadcast(S, d0[quads + 1]);
            FloatVector x11 = FloatVector.broadcast(S, d1[quads + 1]);
            c01 = FUSED ? t1.fma(x01, c01) : c01.add(t1.mul(x01));
            c11 = FUSED ? t1.fma(x11, c11) : c11.add(t1.mul(x11));
        }
        if (quads + 2 < cols) {
            FloatVector t2 = FloatVector.fromArray(S, t[quads + 2], j);
            FloatVector x02 = FloatVector.broadcast(S, d0[quads + 2]);
            FloatVector x12 = FloatVector.broadcast(S, d1[quads + 2]);
            c02 = FUSED ? t2.fma(x02, c02) : c02.add(t2.mul(x02));
            c12 = FUSED ? t2.fma(x12, c12) : c12.add(t2.mul(x12));
        }
        c00.add(c01).add(c02.add(c03)).intoArray(out0, j);
        c10.add(c11).add(c12.add(c13)).intoArray(out1, j);
    }

    /** {@code (s0 + s1) + (s2 + s3)} of {@link #down2} for one example and one j, in scalars. */
    static float splitDot(float[][] t, int j, float[] d, int cols) {
        int quads = cols - cols % 4;
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
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
