package io.chainrule.vector;

import io.chainrule.kernel.Products;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register blocks of {@link VectorFloatProducts}: four examples (or weight rows) times two or
 * four vectors of columns, each accumulator a local variable (C2 keeps them in registers; an array
 * of vectors would be objects on the heap), added in the order of the generated loops. Each
 * multiply-add is written out as {@code FUSED ? v.fma(x, c) : c.add(v.mul(x))}: in a helper method
 * C2 did not always inline it into the blocks (with 512-bit vectors), and then boxed every vector.
 */
final class FloatBlocks {
    /** The machine's widest float vectors. */
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Floats per vector. */
    static final int L = S.length();

    /**
     * Whether each multiply-add is fused, {@code Math.fma}'s one rounding (the opt-in
     * {@code -Dchainrule.products=fma}), rather than the generated loops' product rounded, then sum
     * rounded. A static final, so C2 compiles one rounding into the blocks: a flag passed in, tried
     * first, left both in the loops, and every vector boxed on the heap.
     */
    static final boolean FUSED = Products.FUSED.equals(System.getProperty(Products.PROPERTY));

    private FloatBlocks() {
    }

    /** {@code s + a * b}, rounded as {@link #FUSED} says (the scalar tails). */
    static float madd(float s, float a, float b) {
        return FUSED ? Math.fma(a, b, s) : s + a * b;
    }

    /** Example {@code e}'s input: {@code h[e]} from 0, or {@code x} from {@code offsets[e]}. */
    static float[] input(float[][] h, float[] x, int e) {
        return h == null ? x : h[e];
    }

    static int offset(float[][] h, int[] offsets, int e) {
        return h == null ? offsets[e] : 0;
    }

    /**
     * The blocks of four vectors of outputs of {@link #affine4} from column 0 (16 accumulators, for
     * machines with 32 vector registers); returns the first column left.
     */
    static int affine4Wide(float[][] w, float[] a0, int o0, float[] a1, int o1, float[] a2, int o2,
            float[] a3, int o3, float[] z0, float[] z1, float[] z2, float[] z3, int from, int to, int cols) {
        int i = 0;
        for (; i + 4 * L <= cols; i += 4 * L) {
            FloatVector c00 = FloatVector.fromArray(S, z0, i);
            FloatVector c01 = FloatVector.fromArray(S, z0, i + L);
            FloatVector c02 = FloatVector.fromArray(S, z0, i + 2 * L);
            FloatVector c03 = FloatVector.fromArray(S, z0, i + 3 * L);
            FloatVector c10 = FloatVector.fromArray(S, z1, i);
            FloatVector c11 = FloatVector.fromArray(S, z1, i + L);
            FloatVector c12 = FloatVector.fromArray(S, z1, i + 2 * L);
            FloatVector c13 = FloatVector.fromArray(S, z1, i + 3 * L);
            FloatVector c20 = FloatVector.fromArray(S, z2, i);
            FloatVector c21 = FloatVector.fromArray(S, z2, i + L);
            FloatVector c22 = FloatVector.fromArray(S, z2, i + 2 * L);
            FloatVector c23 = FloatVector.fromArray(S, z2, i + 3 * L);
            FloatVector c30 = FloatVector.fromArray(S, z3, i);
            FloatVector c31 = FloatVector.fromArray(S, z3, i + L);
            FloatVector c32 = FloatVector.fromArray(S, z3, i + 2 * L);
            FloatVector c33 = FloatVector.fromArray(S, z3, i + 3 * L);
            for (int j = from; j < to; j++) {
                float[] row = w[j];
                FloatVector w0 = FloatVector.fromArray(S, row, i);
                FloatVector w1 = FloatVector.fromArray(S, row, i + L);
                FloatVector w2 = FloatVector.fromArray(S, row, i + 2 * L);
                FloatVector w3 = FloatVector.fromArray(S, row, i + 3 * L);
                FloatVector x0 = FloatVector.broadcast(S, a0[o0 + j]);
                FloatVector x1 = FloatVector.broadcast(S, a1[o1 + j]);
                FloatVector x2 = FloatVector.broadcast(S, a2[o2 + j]);
                FloatVector x3 = FloatVector.broadcast(S, a3[o3 + j]);
                c00 = FUSED ? w0.fma(x0, c00) : c00.add(w0.mul(x0));
                c01 = FUSED ? w1.fma(x0, c01) : c01.add(w1.mul(x0));
                c02 = FUSED ? w2.fma(x0, c02) : c02.add(w2.mul(x0));
                c03 = FUSED ? w3.fma(x0, c03) : c03.add(w3.mul(x0));
                c10 = FUSED ? w0.fma(x1, c10) : c10.add(w0.mul(x1));
                c11 = FUSED ? w1.fma(x1, c11) : c11.add(w1.mul(x1));
                c12 = FUSED ? w2.fma(x1, c12) : c12.add(w2.mul(x1));
                c13 = FUSED ? w3.fma(x1, c13) : c13.add(w3.mul(x1));
                c20 = FUSED ? w0.fma(x2, c20) : c20.add(w0.mul(x2));
                c21 = FUSED ? w1.fma(x2, c21) : c21.add(w1.mul(x2));
                c22 = FUSED ? w2.fma(x2, c22) : c22.add(w2.mul(x2));
                c23 = FUSED ? w3.fma(x2, c23) : c23.add(w3.mul(x2));
                c30 = FUSED ? w0.fma(x3, c30) : c30.add(w0.mul(x3));
                c31 = FUSED ? w1.fma(x3, c31) : c31.add(w1.mul(x3));
                c32 = FUSED ? w2.fma(x3, c32) : c32.add(w2.mul(x3));
                c33 = FUSED ? w3.fma(x3, c33) : c33.add(w3.mul(x3));
            }
            c00.intoArray(z0, i);
            c01.intoArray(z0, i + L);
            c02.intoArray(z0, i + 2 * L);
            c03.intoArray(z0, i + 3 * L);
            c10.intoArray(z1, i);
            c11.intoArray(z1, i + L);
            c12.intoArray(z1, i + 2 * L);
            c13.intoArray(z1, i + 3 * L);
            c20.intoArray(z2, i);
            c21.intoArray(z2, i + L);
            c22.intoArray(z2, i + 2 * L);
            c23.intoArray(z2, i + 3 * L);
            c30.intoArray(z3, i);
            c31.intoArray(z3, i + L);
            c32.intoArray(z3, i + 2 * L);
            c33.intoArray(z3, i + 3 * L);
        }
        return i;
    }

    /** {@code zk[i] += Σ_j w[j][i] * ak[ok + j]} over rows {@code from <= j < to} for four examples k. */
    static void affine4(float[][] w, float[] a0, int o0, float[] a1, int o1, float[] a2, int o2,
            float[] a3, int o3, float[] z0, float[] z1, float[] z2, float[] z3, int from, int to, int cols,
            boolean wide) {
        int i = wide ? affine4Wide(w, a0, o0, a1, o1, a2, o2, a3, o3, z0, z1, z2, z3, from, to, cols) : 0;
        for (; i + 2 * L <= cols; i += 2 * L) {
            FloatVector c00 = FloatVector.fromArray(S, z0, i);
            FloatVector c01 = FloatVector.fromArray(S, z0, i + L);
            FloatVector c10 = FloatVector.fromArray(S, z1, i);
            FloatVector c11 = FloatVector.fromArray(S, z1, i + L);
            FloatVector c20 = FloatVector.fromArray(S, z2, i);
            FloatVector c21 = FloatVector.fromArray(S, z2, i + L);
            FloatVector c30 = FloatVector.fromArray(S, z3, i);
            FloatVector c31 = FloatVector.fromArray(S, z3, i + L);
            for (int j = from; j < to; j++) {
                float[] row = w[j];
                FloatVector w0 = FloatVector.fromArray(S, row, i);
                FloatVector w1 = FloatVector.fromArray(S, row, i + L);
                FloatVector x0 = FloatVector.broadcast(S, a0[o0 + j]);
                FloatVector x1 = FloatVector.broadcast(S, a1[o1 + j]);
                FloatVector x2 = FloatVector.broadcast(S, a2[o2 + j]);
                FloatVector x3 = FloatVector.broadcast(S, a3[o3 + j]);
                c00 = FUSED ? w0.fma(x0, c00) : c00.add(w0.mul(x0));
                c01 = FUSED ? w1.fma(x0, c01) : c01.add(w1.mul(x0));
                c10 = FUSED ? w0.fma(x1, c10) : c10.add(w0.mul(x1));
                c11 = FUSED ? w1.fma(x1, c11) : c11.add(w1.mul(x1));
                c20 = FUSED ? w0.fma(x2, c20) : c20.add(w0.mul(x2));
                c21 = FUSED ? w1.fma(x2, c21) : c21.add(w1.mul(x2));
                c30 = FUSED ? w0.fma(x3, c30) : c30.add(w0.mul(x3));
                c31 = FUSED ? w1.fma(x3, c31) : c31.add(w1.mul(x3));
            }
            c00.intoArray(z0, i);
            c01.intoArray(z0, i + L);
            c10.intoArray(z1, i);
            c11.intoArray(z1, i + L);
            c20.intoArray(z2, i);
            c21.intoArray(z2, i + L);
            c30.intoArray(z3, i);
            c31.intoArray(z3, i + L);
        }
        for (; i + L <= cols; i += L) {
            FloatVector c0 = FloatVector.fromArray(S, z0, i);
            FloatVector c1 = FloatVector.fromArray(S, z1, i);
            FloatVector c2 = FloatVector.fromArray(S, z2, i);
            FloatVector c3 = FloatVector.fromArray(S, z3, i);
            for (int j = from; j < to; j++) {
                FloatVector w0 = FloatVector.fromArray(S, w[j], i);
                FloatVector x0 = FloatVector.broadcast(S, a0[o0 + j]);
                FloatVector x1 = FloatVector.broadcast(S, a1[o1 + j]);
                FloatVector x2 = FloatVector.broadcast(S, a2[o2 + j]);
                FloatVector x3 = FloatVector.broadcast(S, a3[o3 + j]);
                c0 = FUSED ? w0.fma(x0, c0) : c0.add(w0.mul(x0));
                c1 = FUSED ? w0.fma(x1, c1) : c1.add(w0.mul(x1));
                c2 = FUSED ? w0.fma(x2, c2) : c2.add(w0.mul(x2));
                c3 = FUSED ? w0.fma(x3, c3) : c3.add(w0.mul(x3));
            }
            c0.intoArray(z0, i);
            c1.intoArray(z1, i);
            c2.intoArray(z2, i);
            c3.intoArray(z3, i);
        }
        for (; i < cols; i++) {
            float s0 = z0[i];
            float s1 = z1[i];
            float s2 = z2[i];
            float s3 = z3[i];
            for (int j = from; j < to; j++) {
                float wji = w[j][i];
                s0 = madd(s0, wji, a0[o0 + j]);
                s1 = madd(s1, wji, a1[o1 + j]);
                s2 = madd(s2, wji, a2[o2 + j]);
                s3 = madd(s3, wji, a3[o3 + j]);
            }
            z0[i] = s0;
            z1[i] = s1;
            z2[i] = s2;
            z3[i] = s3;
        }
    }

    /**
     * The blocks of four vectors of columns of {@link #outer4} from column 0 (16 accumulators, for
     * machines with 32 vector registers); returns the first column left.
     */
    static int outer4Wide(float[] g0, float[] g1, float[] g2, float[] g3, int j, float[][] h, float[] x,
            int[] offsets, float[][] d, int n, int cols) {
        int i = 0;
        for (; i + 4 * L <= cols; i += 4 * L) {
            FloatVector c00 = FloatVector.fromArray(S, g0, i);
            FloatVector c01 = FloatVector.fromArray(S, g0, i + L);
            FloatVector c02 = FloatVector.fromArray(S, g0, i + 2 * L);
            FloatVector c03 = FloatVector.fromArray(S, g0, i + 3 * L);
            FloatVector c10 = FloatVector.fromArray(S, g1, i);
            FloatVector c11 = FloatVector.fromArray(S, g1, i + L);
            FloatVector c12 = FloatVector.fromArray(S, g1, i + 2 * L);
            FloatVector c13 = FloatVector.fromArray(S, g1, i + 3 * L);
            FloatVector c20 = FloatVector.fromArray(S, g2, i);
            FloatVector c21 = FloatVector.fromArray(S, g2, i + L);
            FloatVector c22 = FloatVector.fromArray(S, g2, i + 2 * L);
            FloatVector c23 = FloatVector.fromArray(S, g2, i + 3 * L);
            FloatVector c30 = FloatVector.fromArray(S, g3, i);
            FloatVector c31 = FloatVector.fromArray(S, g3, i + L);
            FloatVector c32 = FloatVector.fromArray(S, g3, i + 2 * L);
            FloatVector c33 = FloatVector.fromArray(S, g3, i + 3 * L);
            for (int e = 0; e < n; e++) {
                float[] a = input(h, x, e);
                int o = offset(h, offsets, e) + j;
                float[] de = d[e];
                FloatVector d0 = FloatVector.fromArray(S, de, i);
                FloatVector d1 = FloatVector.fromArray(S, de, i + L);
                FloatVector d2 = FloatVector.fromArray(S, de, i + 2 * L);
                FloatVector d3 = FloatVector.fromArray(S, de, i + 3 * L);
                FloatVector x0 = FloatVector.broadcast(S, a[o]);
                FloatVector x1 = FloatVector.broadcast(S, a[o + 1]);
                FloatVector x2 = FloatVector.broadcast(S, a[o + 2]);
                FloatVector x3 = FloatVector.broadcast(S, a[o + 3]);
                c00 = FUSED ? d0.fma(x0, c00) : c00.add(d0.mul(x0));
                c01 = FUSED ? d1.fma(x0, c01) : c01.add(d1.mul(x0));
                c02 = FUSED ? d2.fma(x0, c02) : c02.add(d2.mul(x0));
                c03 = FUSED ? d3.fma(x0, c03) : c03.add(d3.mul(x0));
                c10 = FUSED ? d0.fma(x1, c10) : c10.add(d0.mul(x1));
                c11 = FUSED ? d1.fma(x1, c11) : c11.add(d1.mul(x1));
                c12 = FUSED ? d2.fma(x1, c12) : c12.add(d2.mul(x1));
                c13 = FUSED ? d3.fma(x1, c13) : c13.add(d3.mul(x1));
                c20 = FUSED ? d0.fma(x2, c20) : c20.add(d0.mul(x2));
                c21 = FUSED ? d1.fma(x2, c21) : c21.add(d1.mul(x2));
                c22 = FUSED ? d2.fma(x2, c22) : c22.add(d2.mul(x2));
                c23 = FUSED ? d3.fma(x2, c23) : c23.add(d3.mul(x2));
                c30 = FUSED ? d0.fma(x3, c30) : c30.add(d0.mul(x3));
                c31 = FUSED ? d1.fma(x3, c31) : c31.add(d1.mul(x3));
                c32 = FUSED ? d2.fma(x3, c32) : c32.add(d2.mul(x3));
                c33 = FUSED ? d3.fma(x3, c33) : c33.add(d3.mul(x3));
            }
            c00.intoArray(g0, i);
            c01.intoArray(g0, i + L);
            c02.intoArray(g0, i + 2 * L);
            c03.intoArray(g0, i + 3 * L);
            c10.intoArray(g1, i);
            c11.intoArray(g1, i + L);
            c12.intoArray(g1, i + 2 * L);
            c13.intoArray(g1, i + 3 * L);
            c20.intoArray(g2, i);
            c21.intoArray(g2, i + L);
            c22.intoArray(g2, i + 2 * L);
            c23.intoArray(g2, i + 3 * L);
            c30.intoArray(g3, i);
            c31.intoArray(g3, i + L);
            c32.intoArray(g3, i + 2 * L);
            c33.intoArray(g3, i + 3 * L);
        }
        return i;
    }

    /** {@code gk[i] += Σ_e in(e, j + k) * d[e][i]} for the four rows {@code gk = grad[j + k]}. */
    static void outer4(float[] g0, float[] g1, float[] g2, float[] g3, int j, float[][] h, float[] x,
            int[] offsets, float[][] d, int n, int cols, boolean wide) {
        int i = wide ? outer4Wide(g0, g1, g2, g3, j, h, x, offsets, d, n, cols) : 0;
        for (; i + 2 * L <= cols; i += 2 * L) {
            FloatVector c00 = FloatVector.fromArray(S, g0, i);
            FloatVector c01 = FloatVector.fromArray(S, g0, i + L);
            FloatVector c10 = FloatVector.fromArray(S, g1, i);
            FloatVector c11 = FloatVector.fromArray(S, g1, i + L);
            FloatVector c20 = FloatVector.fromArray(S, g2, i);
            FloatVector c21 = FloatVector.fromArray(S, g2, i + L);
            FloatVector c30 = FloatVector.fromArray(S, g3, i);
            FloatVector c31 = FloatVector.fromArray(S, g3, i + L);
            for (int e = 0; e < n; e++) {
                float[] a = input(h, x, e);
                int o = offset(h, offsets, e) + j;
                float[] de = d[e];
                FloatVector d0 = FloatVector.fromArray(S, de, i);
                FloatVector d1 = FloatVector.fromArray(S, de, i + L);
                FloatVector x0 = FloatVector.broadcast(S, a[o]);
                FloatVector x1 = FloatVector.broadcast(S, a[o + 1]);
                FloatVector x2 = FloatVector.broadcast(S, a[o + 2]);
                FloatVector x3 = FloatVector.broadcast(S, a[o + 3]);
                c00 = FUSED ? d0.fma(x0, c00) : c00.add(d0.mul(x0));
                c01 = FUSED ? d1.fma(x0, c01) : c01.add(d1.mul(x0));
                c10 = FUSED ? d0.fma(x1, c10) : c10.add(d0.mul(x1));
                c11 = FUSED ? d1.fma(x1, c11) : c11.add(d1.mul(x1));
                c20 = FUSED ? d0.fma(x2, c20) : c20.add(d0.mul(x2));
                c21 = FUSED ? d1.fma(x2, c21) : c21.add(d1.mul(x2));
                c30 = FUSED ? d0.fma(x3, c30) : c30.add(d0.mul(x3));
                c31 = FUSED ? d1.fma(x3, c31) : c31.add(d1.mul(x3));
            }
            c00.intoArray(g0, i);
            c01.intoArray(g0, i + L);
            c10.intoArray(g1, i);
            c11.intoArray(g1, i + L);
            c20.intoArray(g2, i);
            c21.intoArray(g2, i + L);
            c30.intoArray(g3, i);
            c31.intoArray(g3, i + L);
        }
        for (; i + L <= cols; i += L) {
            FloatVector c0 = FloatVector.fromArray(S, g0, i);
            FloatVector c1 = FloatVector.fromArray(S, g1, i);
            FloatVector c2 = FloatVector.fromArray(S, g2, i);
            FloatVector c3 = FloatVector.fromArray(S, g3, i);
            for (int e = 0; e < n; e++) {
                float[] a = input(h, x, e);
                int o = offset(h, offsets, e) + j;
                FloatVector d0 = FloatVector.fromArray(S, d[e], i);
                FloatVector x0 = FloatVector.broadcast(S, a[o]);
                FloatVector x1 = FloatVector.broadcast(S, a[o + 1]);
                FloatVector x2 = FloatVector.broadcast(S, a[o + 2]);
                FloatVector x3 = FloatVector.broadcast(S, a[o + 3]);
                c0 = FUSED ? d0.fma(x0, c0) : c0.add(d0.mul(x0));
                c1 = FUSED ? d0.fma(x1, c1) : c1.add(d0.mul(x1));
                c2 = FUSED ? d0.fma(x2, c2) : c2.add(d0.mul(x2));
                c3 = FUSED ? d0.fma(x3, c3) : c3.add(d0.mul(x3));
            }
            c0.intoArray(g0, i);
            c1.intoArray(g1, i);
            c2.intoArray(g2, i);
            c3.intoArray(g3, i);
        }
        for (; i < cols; i++) {
            float s0 = g0[i];
            float s1 = g1[i];
            float s2 = g2[i];
            float s3 = g3[i];
            for (int e = 0; e < n; e++) {
                float[] a = input(h, x, e);
                int o = offset(h, offsets, e) + j;
                float de = d[e][i];
                s0 = madd(s0, a[o], de);
                s1 = madd(s1, a[o + 1], de);
                s2 = madd(s2, a[o + 2], de);
                s3 = madd(s3, a[o + 3], de);
            }
            g0[i] = s0;
            g1[i] = s1;
            g2[i] = s2;
            g3[i] = s3;
        }
    }
}
