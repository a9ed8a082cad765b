package io.chainrule.vector;

import io.chainrule.kernel.Products;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register blocks of {@link VectorDoubleProducts}: four examples (or weight rows) times two or
 * four vectors of columns, each accumulator a local variable (C2 keeps them in registers; an array
 * of vectors would be objects on the heap), added in the order of the generated loops. Each
 * multiply-add is written out as {@code FUSED ? v.fma(x, c) : c.add(v.mul(x))}: in a helper method
 * C2 did not always inline it into the blocks (with 512-bit vectors), and then boxed every vector.
 */
final class DoubleBlocks {
    /** The machine's widest double vectors. */
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    /** Doubles per vector. */
    static final int L = S.length();

    /**
     * Whether each multiply-add is fused, {@code Math.fma}'s one rounding (the opt-in
     * {@code -Dchainrule.products=fma}), rather than the generated loops' product rounded, then sum
     * rounded. A static final, so C2 compiles one rounding into the blocks: a flag passed in, tried
     * first, left both in the loops, and every vector boxed on the heap.
     */
    static final boolean FUSED = Products.FUSED.equals(System.getProperty(Products.PROPERTY));

    private DoubleBlocks() {
    }

    /** {@code s + a * b}, rounded as {@link #FUSED} says (the scalar tails). */
    static double madd(double s, double a, double b) {
        return FUSED ? Math.fma(a, b, s) : s + a * b;
    }

    /** Example {@code e}'s input: {@code h[e]} from 0, or {@code x} from {@code offsets[e]}. */
    static double[] input(double[][] h, double[] x, int e) {
        return h == null ? x : h[e];
    }

    static int offset(double[][] h, int[] offsets, int e) {
        return h == null ? offsets[e] : 0;
    }

    /**
     * The blocks of four vectors of outputs of {@link #affine4} from column 0 (16 accumulators, for
     * machines with 32 vector registers); returns the first column left.
     */
    static int affine4Wide(double[][] w, double[] a0, int o0, double[] a1, int o1, double[] a2, int o2,
            double[] a3, int o3, double[] z0, double[] z1, double[] z2, double[] z3, int from, int to, int cols) {
        int i = 0;
        for (; i + 4 * L <= cols; i += 4 * L) {
            DoubleVector c00 = DoubleVector.fromArray(S, z0, i);
            DoubleVector c01 = DoubleVector.fromArray(S, z0, i + L);
            DoubleVector c02 = DoubleVector.fromArray(S, z0, i + 2 * L);
            DoubleVector c03 = DoubleVector.fromArray(S, z0, i + 3 * L);
            DoubleVector c10 = DoubleVector.fromArray(S, z1, i);
            DoubleVector c11 = DoubleVector.fromArray(S, z1, i + L);
            DoubleVector c12 = DoubleVector.fromArray(S, z1, i + 2 * L);
            DoubleVector c13 = DoubleVector.fromArray(S, z1, i + 3 * L);
            DoubleVector c20 = DoubleVector.fromArray(S, z2, i);
            DoubleVector c21 = DoubleVector.fromArray(S, z2, i + L);
            DoubleVector c22 = DoubleVector.fromArray(S, z2, i + 2 * L);
            DoubleVector c23 = DoubleVector.fromArray(S, z2, i + 3 * L);
            DoubleVector c30 = DoubleVector.fromArray(S, z3, i);
            DoubleVector c31 = DoubleVector.fromArray(S, z3, i + L);
            DoubleVector c32 = DoubleVector.fromArray(S, z3, i + 2 * L);
            DoubleVector c33 = DoubleVector.fromArray(S, z3, i + 3 * L);
            for (int j = from; j < to; j++) {
                double[] row = w[j];
                DoubleVector w0 = DoubleVector.fromArray(S, row, i);
                DoubleVector w1 = DoubleVector.fromArray(S, row, i + L);
                DoubleVector w2 = DoubleVector.fromArray(S, row, i + 2 * L);
                DoubleVector w3 = DoubleVector.fromArray(S, row, i + 3 * L);
                DoubleVector x0 = DoubleVector.broadcast(S, a0[o0 + j]);
                DoubleVector x1 = DoubleVector.broadcast(S, a1[o1 + j]);
                DoubleVector x2 = DoubleVector.broadcast(S, a2[o2 + j]);
                DoubleVector x3 = DoubleVector.broadcast(S, a3[o3 + j]);
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
    static void affine4(double[][] w, double[] a0, int o0, double[] a1, int o1, double[] a2, int o2,
            double[] a3, int o3, double[] z0, double[] z1, double[] z2, double[] z3, int from, int to, int cols,
            boolean wide) {
        int i = wide ? affine4Wide(w, a0, o0, a1, o1, a2, o2, a3, o3, z0, z1, z2, z3, from, to, cols) : 0;
        for (; i + 2 * L <= cols; i += 2 * L) {
            DoubleVector c00 = DoubleVector.fromArray(S, z0, i);
            DoubleVector c01 = DoubleVector.fromArray(S, z0, i + L);
            DoubleVector c10 = DoubleVector.fromArray(S, z1, i);
            DoubleVector c11 = DoubleVector.fromArray(S, z1, i + L);
            DoubleVector c20 = DoubleVector.fromArray(S, z2, i);
            DoubleVector c21 = DoubleVector.fromArray(S, z2, i + L);
            DoubleVector c30 = DoubleVector.fromArray(S, z3, i);
            DoubleVector c31 = DoubleVector.fromArray(S, z3, i + L);
            for (int j = from; j < to; j++) {
                double[] row = w[j];
                DoubleVector w0 = DoubleVector.fromArray(S, row, i);
                DoubleVector w1 = DoubleVector.fromArray(S, row, i + L);
                DoubleVector x0 = DoubleVector.broadcast(S, a0[o0 + j]);
                DoubleVector x1 = DoubleVector.broadcast(S, a1[o1 + j]);
                DoubleVector x2 = DoubleVector.broadcast(S, a2[o2 + j]);
                DoubleVector x3 = DoubleVector.broadcast(S, a3[o3 + j]);
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
            DoubleVector c0 = DoubleVector.fromArray(S, z0, i);
            DoubleVector c1 = DoubleVector.fromArray(S, z1, i);
            DoubleVector c2 = DoubleVector.fromArray(S, z2, i);
            DoubleVector c3 = DoubleVector.fromArray(S, z3, i);
            for (int j = from; j < to; j++) {
                DoubleVector w0 = DoubleVector.fromArray(S, w[j], i);
                DoubleVector x0 = DoubleVector.broadcast(S, a0[o0 + j]);
                DoubleVector x1 = DoubleVector.broadcast(S, a1[o1 + j]);
                DoubleVector x2 = DoubleVector.broadcast(S, a2[o2 + j]);
                DoubleVector x3 = DoubleVector.broadcast(S, a3[o3 + j]);
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
            double s0 = z0[i];
            double s1 = z1[i];
            double s2 = z2[i];
            double s3 = z3[i];
            for (int j = from; j < to; j++) {
                double wji = w[j][i];
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
    static int outer4Wide(double[] g0, double[] g1, double[] g2, double[] g3, int j, double[][] h, double[] x,
            int[] offsets, double[][] d, int n, int cols) {
        int i = 0;
        for (; i + 4 * L <= cols; i += 4 * L) {
            DoubleVector c00 = DoubleVector.fromArray(S, g0, i);
            DoubleVector c01 = DoubleVector.fromArray(S, g0, i + L);
            DoubleVector c02 = DoubleVector.fromArray(S, g0, i + 2 * L);
            DoubleVector c03 = DoubleVector.fromArray(S, g0, i + 3 * L);
            DoubleVector c10 = DoubleVector.fromArray(S, g1, i);
            DoubleVector c11 = DoubleVector.fromArray(S, g1, i + L);
            DoubleVector c12 = DoubleVector.fromArray(S, g1, i + 2 * L);
            DoubleVector c13 = DoubleVector.fromArray(S, g1, i + 3 * L);
            DoubleVector c20 = DoubleVector.fromArray(S, g2, i);
            DoubleVector c21 = DoubleVector.fromArray(S, g2, i + L);
            DoubleVector c22 = DoubleVector.fromArray(S, g2, i + 2 * L);
            DoubleVector c23 = DoubleVector.fromArray(S, g2, i + 3 * L);
            DoubleVector c30 = DoubleVector.fromArray(S, g3, i);
            DoubleVector c31 = DoubleVector.fromArray(S, g3, i + L);
            DoubleVector c32 = DoubleVector.fromArray(S, g3, i + 2 * L);
            DoubleVector c33 = DoubleVector.fromArray(S, g3, i + 3 * L);
            for (int e = 0; e < n; e++) {
                double[] a = input(h, x, e);
                int o = offset(h, offsets, e) + j;
                double[] de = d[e];
                DoubleVector d0 = DoubleVector.fromArray(S, de, i);
                DoubleVector d1 = DoubleVector.fromArray(S, de, i + L);
                DoubleVector d2 = DoubleVector.fromArray(S, de, i + 2 * L);
                DoubleVector d3 = DoubleVector.fromArray(S, de, i + 3 * L);
                DoubleVector x0 = DoubleVector.broadcast(S, a[o]);
                DoubleVector x1 = DoubleVector.broadcast(S, a[o + 1]);
                DoubleVector x2 = DoubleVector.broadcast(S, a[o + 2]);
                DoubleVector x3 = DoubleVector.broadcast(S, a[o + 3]);
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
    static void outer4(double[] g0, double[] g1, double[] g2, double[] g3, int j, double[][] h, double[] x,
            int[] offsets, double[][] d, int n, int cols, boolean wide) {
        int i = wide ? outer4Wide(g0, g1, g2, g3, j, h, x, offsets, d, n, cols) : 0;
        for (; i + 2 * L <= cols; i += 2 * L) {
            DoubleVector c00 = DoubleVector.fromArray(S, g0, i);
            DoubleVector c01 = DoubleVector.fromArray(S, g0, i + L);
            DoubleVector c10 = DoubleVector.fromArray(S, g1, i);
            DoubleVector c11 = DoubleVector.fromArray(S, g1, i + L);
            DoubleVector c20 = DoubleVector.fromArray(S, g2, i);
            DoubleVector c21 = DoubleVector.fromArray(S, g2, i + L);
            DoubleVector c30 = DoubleVector.fromArray(S, g3, i);
            DoubleVector c31 = DoubleVector.fromArray(S, g3, i + L);
            for (int e = 0; e < n; e++) {
                double[] a = input(h, x, e);
                int o = offset(h, offsets, e) + j;
                double[] de = d[e];
                DoubleVector d0 = DoubleVector.fromArray(S, de, i);
                DoubleVector d1 = DoubleVector.fromArray(S, de, i + L);
                DoubleVector x0 = DoubleVector.broadcast(S, a[o]);
                DoubleVector x1 = DoubleVector.broadcast(S, a[o + 1]);
                DoubleVector x2 = DoubleVector.broadcast(S, a[o + 2]);
                DoubleVector x3 = DoubleVector.broadcast(S, a[o + 3]);
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
            DoubleVector c0 = DoubleVector.fromArray(S, g0, i);
            DoubleVector c1 = DoubleVector.fromArray(S, g1, i);
            DoubleVector c2 = DoubleVector.fromArray(S, g2, i);
            DoubleVector c3 = DoubleVector.fromArray(S, g3, i);
            for (int e = 0; e < n; e++) {
                double[] a = input(h, x, e);
                int o = offset(h, offsets, e) + j;
                DoubleVector d0 = DoubleVector.fromArray(S, d[e], i);
                DoubleVector x0 = DoubleVector.broadcast(S, a[o]);
                DoubleVector x1 = DoubleVector.broadcast(S, a[o + 1]);
                DoubleVector x2 = DoubleVector.broadcast(S, a[o + 2]);
                DoubleVector x3 = DoubleVector.broadcast(S, a[o + 3]);
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
            double s0 = g0[i];
            double s1 = g1[i];
            double s2 = g2[i];
            double s3 = g3[i];
            for (int e = 0; e < n; e++) {
                double[] a = input(h, x, e);
                int o = offset(h, offsets, e) + j;
                double de = d[e][i];
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
