package io.chainrule.benchmarks.jmh;

import java.util.Arrays;

/**
 * Hand-written copies of the loops {@code BatchCode} generates for a 784 → 128 float layer over
 * a batch, before and after issue 17, and the candidates that were measured and rejected, for
 * {@link ProductKernelsBenchmark}. Every variant of a product computes the same bits;
 * {@link #check} proves it on the benchmark's data.
 */
final class ProductKernels {
    private static final int IN = ProductKernelsBenchmark.IN;
    private static final int OUT = ProductKernelsBenchmark.OUT;

    private ProductKernels() {
    }

    /** Generated before and after: for each group of 4 rows j, for each example, z[e] += the 4 scaled rows. */
    static void forward(float[][] w, float[] b, float[][] x, float[][] z, int n) {
        for (int e = 0; e < n; e++) {
            System.arraycopy(b, 0, z[e], 0, OUT);
        }
        for (int j = 0; j < IN; j += 4) {
            float[] row0 = w[j];
            float[] row1 = w[j + 1];
            float[] row2 = w[j + 2];
            float[] row3 = w[j + 3];
            for (int e = 0; e < n; e++) {
                float in0 = x[e][j];
                float in1 = x[e][j + 1];
                float in2 = x[e][j + 2];
                float in3 = x[e][j + 3];
                float[] ze = z[e];
                for (int i = 0; i < OUT; i++) {
                    ze[i] = ze[i] + row0[i] * in0 + row1[i] * in1 + row2[i] * in2 + row3[i] * in3;
                }
            }
        }
    }

    /**
     * Rejected: two examples per pass over the 4 rows (two stores per iteration), slower. Three or
     * four examples per pass are not vectorised at all by C2 (their loop bodies exceed its unrolling
     * budget, {@code LoopUnrollLimit}) and ran 4 times slower.
     */
    static void forwardTwoExamples(float[][] w, float[] b, float[][] x, float[][] z, int n) {
        for (int e = 0; e < n; e++) {
            System.arraycopy(b, 0, z[e], 0, OUT);
        }
        for (int j = 0; j < IN; j += 4) {
            float[] row0 = w[j];
            float[] row1 = w[j + 1];
            float[] row2 = w[j + 2];
            float[] row3 = w[j + 3];
            for (int e = 0; e + 2 <= n; e += 2) {
                float a0 = x[e][j];
                float a1 = x[e][j + 1];
                float a2 = x[e][j + 2];
                float a3 = x[e][j + 3];
                float c0 = x[e + 1][j];
                float c1 = x[e + 1][j + 1];
                float c2 = x[e + 1][j + 2];
                float c3 = x[e + 1][j + 3];
                float[] z0 = z[e];
                float[] z1 = z[e + 1];
                for (int i = 0; i < OUT; i++) {
                    z0[i] = z0[i] + row0[i] * a0 + row1[i] * a1 + row2[i] * a2 + row3[i] * a3;
                    z1[i] = z1[i] + row0[i] * c0 + row1[i] * c1 + row2[i] * c2 + row3[i] * c3;
                }
            }
        }
    }

    /** Generated before and after: for each row j, 4 examples per statement, added in the order of e. */
    static void weightGradient(float[][] dw, float[][] x, float[][] dz, int n) {
        for (int j = 0; j < IN; j++) {
            float[] grad = dw[j];
            for (int e = 0; e + 4 <= n; e += 4) {
                float in0 = x[e][j];
                float in1 = x[e + 1][j];
                float in2 = x[e + 2][j];
                float in3 = x[e + 3][j];
                float[] d0 = dz[e];
                float[] d1 = dz[e + 1];
                float[] d2 = dz[e + 2];
                float[] d3 = dz[e + 3];
                for (int i = 0; i < OUT; i++) {
                    grad[i] = grad[i] + in0 * d0[i] + in1 * d1[i] + in2 * d2[i] + in3 * d3[i];
                }
            }
        }
    }

    /** Rejected: two rows j per pass over 4 examples (two stores per iteration), slower; more rows: not vectorised. */
    static void weightGradientTwoRows(float[][] dw, float[][] x, float[][] dz, int n) {
        for (int j = 0; j < IN; j += 2) {
            float[] g0 = dw[j];
            float[] g1 = dw[j + 1];
            for (int e = 0; e + 4 <= n; e += 4) {
                float a0 = x[e][j];
                float a1 = x[e + 1][j];
                float a2 = x[e + 2][j];
                float a3 = x[e + 3][j];
                float c0 = x[e][j + 1];
                float c1 = x[e + 1][j + 1];
                float c2 = x[e + 2][j + 1];
                float c3 = x[e + 3][j + 1];
                float[] d0 = dz[e];
                float[] d1 = dz[e + 1];
                float[] d2 = dz[e + 2];
                float[] d3 = dz[e + 3];
                for (int i = 0; i < OUT; i++) {
                    g0[i] = g0[i] + a0 * d0[i] + a1 * d1[i] + a2 * d2[i] + a3 * d3[i];
                    g1[i] = g1[i] + c0 * d0[i] + c1 * d1[i] + c2 * d2[i] + c3 * d3[i];
                }
            }
        }
    }

    /** Before: for each row j and example e, four partial sums over i mod 4. */
    static void inputGradientBefore(float[][] w, float[][] dz, float[][] dx, int n) {
        for (int j = 0; j < IN; j++) {
            float[] row = w[j];
            for (int e = 0; e < n; e++) {
                float[] d = dz[e];
                float s0 = 0f;
                float s1 = 0f;
                float s2 = 0f;
                float s3 = 0f;
                for (int i = 0; i < OUT; i += 4) {
                    s0 += row[i] * d[i];
                    s1 += row[i + 1] * d[i + 1];
                    s2 += row[i + 2] * d[i + 2];
                    s3 += row[i + 3] * d[i + 3];
                }
                dx[e][j] = (s0 + s1) + (s2 + s3);
            }
        }
    }

    /** Generated after, below 8 examples: the same four partial sums for four examples at once (sixteen chains). */
    static void inputGradientBlocked(float[][] w, float[][] dz, float[][] dx, int n) {
        for (int j = 0; j < IN; j++) {
            float[] row = w[j];
            for (int e = 0; e + 4 <= n; e += 4) {
                float[] d0 = dz[e];
                float[] d1 = dz[e + 1];
                float[] d2 = dz[e + 2];
                float[] d3 = dz[e + 3];
                float s00 = 0f, s01 = 0f, s02 = 0f, s03 = 0f;
                float s10 = 0f, s11 = 0f, s12 = 0f, s13 = 0f;
                float s20 = 0f, s21 = 0f, s22 = 0f, s23 = 0f;
                float s30 = 0f, s31 = 0f, s32 = 0f, s33 = 0f;
                for (int i = 0; i < OUT; i += 4) {
                    float w0 = row[i];
                    float w1 = row[i + 1];
                    float w2 = row[i + 2];
                    float w3 = row[i + 3];
                    s00 += w0 * d0[i];
                    s01 += w1 * d0[i + 1];
                    s02 += w2 * d0[i + 2];
                    s03 += w3 * d0[i + 3];
                    s10 += w0 * d1[i];
                    s11 += w1 * d1[i + 1];
                    s12 += w2 * d1[i + 2];
                    s13 += w3 * d1[i + 3];
                    s20 += w0 * d2[i];
                    s21 += w1 * d2[i + 1];
                    s22 += w2 * d2[i + 2];
                    s23 += w3 * d2[i + 3];
                    s30 += w0 * d3[i];
                    s31 += w1 * d3[i + 1];
                    s32 += w2 * d3[i + 2];
                    s33 += w3 * d3[i + 3];
                }
                dx[e][j] = (s00 + s01) + (s02 + s03);
                dx[e + 1][j] = (s10 + s11) + (s12 + s13);
                dx[e + 2][j] = (s20 + s21) + (s22 + s23);
                dx[e + 3][j] = (s30 + s31) + (s32 + s33);
            }
        }
    }

    /**
     * Generated after, from 8 examples on: W transposed, then each example's four partial sums over
     * i = r, r + 4, .. for all j at once, 4 terms per statement, in loops over j that vectorise.
     */
    static void inputGradientTransposed(float[][] w, float[][] dz, float[][] dx, int n, float[][] t, float[][] sums) {
        for (int j = 0; j < IN; j++) {
            float[] row = w[j];
            for (int i = 0; i < OUT; i++) {
                t[i][j] = row[i];
            }
        }
        for (int e = 0; e < n; e++) {
            float[] d = dz[e];
            for (int r = 0; r < 4; r++) {
                float[] s = sums[r];
                Arrays.fill(s, 0, IN, 0f);
                int i = r;
                for (; i + 12 < OUT; i += 16) {
                    float[] t0 = t[i];
                    float[] t1 = t[i + 4];
                    float[] t2 = t[i + 8];
                    float[] t3 = t[i + 12];
                    float a0 = d[i];
                    float a1 = d[i + 4];
                    float a2 = d[i + 8];
                    float a3 = d[i + 12];
                    for (int j = 0; j < IN; j++) {
                        s[j] = s[j] + t0[j] * a0 + t1[j] * a1 + t2[j] * a2 + t3[j] * a3;
                    }
                }
                for (; i < OUT; i += 4) {
                    float[] t0 = t[i];
                    float a0 = d[i];
                    for (int j = 0; j < IN; j++) {
                        s[j] += t0[j] * a0;
                    }
                }
            }
            float[] s0 = sums[0];
            float[] s1 = sums[1];
            float[] s2 = sums[2];
            float[] s3 = sums[3];
            float[] out = dx[e];
            for (int j = 0; j < IN; j++) {
                out[j] = (s0[j] + s1[j]) + (s2[j] + s3[j]);
            }
        }
    }

    /** Fails unless every variant of a product gives the bits of the first. */
    static void check(float[][] w, float[] b, float[][] x, float[][] dz) {
        int n = x.length;
        float[][] one = new float[n][OUT];
        float[][] two = new float[n][OUT];
        forward(w, b, x, one, n);
        forwardTwoExamples(w, b, x, two, n);
        same("forward", one, two);
        one = new float[IN][OUT];
        two = new float[IN][OUT];
        weightGradient(one, x, dz, n);
        weightGradientTwoRows(two, x, dz, n);
        same("weight gradient", one, two);
        one = new float[n][IN];
        two = new float[n][IN];
        inputGradientBefore(w, dz, one, n);
        inputGradientBlocked(w, dz, two, n);
        same("input gradient, blocked", one, two);
        two = new float[n][IN];
        inputGradientTransposed(w, dz, two, n, new float[OUT][IN], new float[4][IN]);
        same("input gradient, transposed", one, two);
    }

    private static void same(String product, float[][] expected, float[][] actual) {
        if (!Arrays.deepEquals(expected, actual)) {
            throw new IllegalStateException(product + ": the two loop shapes gave different bits");
        }
    }
}
