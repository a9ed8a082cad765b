package io.chainrule.vector;

import static io.chainrule.vector.DoubleBlocks.FUSED;
import static io.chainrule.vector.DoubleBlocks.L;
import static io.chainrule.vector.DoubleBlocks.S;
import static io.chainrule.vector.DoubleBlocks.madd;

import jdk.incubator.vector.DoubleVector;

/**
 * The products of one example, each with eight vectors (then four, then one) of a row's worth of
 * columns held in registers across all the rows of W: the forward product ({@link
 * VectorDoubleProducts#affine(double[][], double[], int, double[], int, int)}, {@code z[i] += Σ_j
 * w[j][i] * x[o + j]}: the outputs held, so each weight row is loaded once per block of outputs
 * and {@code z} read and written once, where the generated loops load and store all of {@code z}
 * for every row; BENCHMARKS.md, "One example's forward product"), the weight gradient and the SGD
 * step (a row of W, or of its gradient, updated by {@code x[o + j]} times {@code d}: {@code d}
 * held, where the generated loops' vectorised inner loop reloads it and pays its loop overhead for
 * every row; BENCHMARKS.md, "One example's weight gradient and SGD step"). The updates load, change
 * and store one vector of the row at a time, so that the store before the next load keeps one row
 * vector live beside the eight of {@code d} (with all eight loaded first, P3's {@code sgdStep} ran
 * slower than the loops on the AVX2 path, whose 16 registers cannot hold 17). Each lane computes
 * one element with the generated loops' operations in their order (a product rounded, then a sum
 * rounded; with the opt-in, each sum of products' multiply-add one {@code fma}), so the bits are
 * the loops'. Known flaw: in about one JVM of 10-25, C2 fails to intrinsify two of the stores of
 * {@link #affine}'s block of eight and boxes those accumulators on every row (BENCHMARKS.md).
 */
final class DoubleExampleProducts {
    private DoubleExampleProducts() {
    }

    static void affine(double[][] w, double[] x, int o, double[] z, int rows, int cols) {
        int i = 0;
        for (; i + 8 * L <= cols; i += 8 * L) {
            DoubleVector c0 = DoubleVector.fromArray(S, z, i);
            DoubleVector c1 = DoubleVector.fromArray(S, z, i + L);
            DoubleVector c2 = DoubleVector.fromArray(S, z, i + 2 * L);
            DoubleVector c3 = DoubleVector.fromArray(S, z, i + 3 * L);
            DoubleVector c4 = DoubleVector.fromArray(S, z, i + 4 * L);
            DoubleVector c5 = DoubleVector.fromArray(S, z, i + 5 * L);
            DoubleVector c6 = DoubleVector.fromArray(S, z, i + 6 * L);
            DoubleVector c7 = DoubleVector.fromArray(S, z, i + 7 * L);
            for (int j = 0; j < rows; j++) {
                double[] row = w[j];
                DoubleVector xj = DoubleVector.broadcast(S, x[o + j]);
                DoubleVector w0 = DoubleVector.fromArray(S, row, i);
                DoubleVector w1 = DoubleVector.fromArray(S, row, i + L);
                DoubleVector w2 = DoubleVector.fromArray(S, row, i + 2 * L);
                DoubleVector w3 = DoubleVector.fromArray(S, row, i + 3 * L);
                DoubleVector w4 = DoubleVector.fromArray(S, row, i + 4 * L);
                DoubleVector w5 = DoubleVector.fromArray(S, row, i + 5 * L);
                DoubleVector w6 = DoubleVector.fromArray(S, row, i + 6 * L);
                DoubleVector w7 = DoubleVector.fromArray(S, row, i + 7 * L);
                c0 = FUSED ? w0.fma(xj, c0) : c0.add(w0.mul(xj));
                c1 = FUSED ? w1.fma(xj, c1) : c1.add(w1.mul(xj));
                c2 = FUSED ? w2.fma(xj, c2) : c2.add(w2.mul(xj));
                c3 = FUSED ? w3.fma(xj, c3) : c3.add(w3.mul(xj));
                c4 = FUSED ? w4.fma(xj, c4) : c4.add(w4.mul(xj));
                c5 = FUSED ? w5.fma(xj, c5) : c5.add(w5.mul(xj));
                c6 = FUSED ? w6.fma(xj, c6) : c6.add(w6.mul(xj));
                c7 = FUSED ? w7.fma(xj, c7) : c7.add(w7.mul(xj));
            }
            c0.intoArray(z, i);
            c1.intoArray(z, i + L);
            c2.intoArray(z, i + 2 * L);
            c3.intoArray(z, i + 3 * L);
            c4.intoArray(z, i + 4 * L);
            c5.intoArray(z, i + 5 * L);
            c6.intoArray(z, i + 6 * L);
            c7.intoArray(z, i + 7 * L);
        }
        for (; i + 4 * L <= cols; i += 4 * L) {
            DoubleVector c0 = DoubleVector.fromArray(S, z, i);
            DoubleVector c1 = DoubleVector.fromArray(S, z, i + L);
            DoubleVector c2 = DoubleVector.fromArray(S, z, i + 2 * L);
            DoubleVector c3 = DoubleVector.fromArray(S, z, i + 3 * L);
            for (int j = 0; j < rows; j++) {
                double[] row = w[j];
                DoubleVector xj = DoubleVector.broadcast(S, x[o + j]);
                DoubleVector w0 = DoubleVector.fromArray(S, row, i);
                DoubleVector w1 = DoubleVector.fromArray(S, row, i + L);
                DoubleVector w2 = DoubleVector.fromArray(S, row, i + 2 * L);
                DoubleVector w3 = DoubleVector.fromArray(S, row, i + 3 * L);
                c0 = FUSED ? w0.fma(xj, c0) : c0.add(w0.mul(xj));
                c1 = FUSED ? w1.fma(xj, c1) : c1.add(w1.mul(xj));
                c2 = FUSED ? w2.fma(xj, c2) : c2.add(w2.mul(xj));
                c3 = FUSED ? w3.fma(xj, c3) : c3.add(w3.mul(xj));
            }
            c0.intoArray(z, i);
            c1.intoArray(z, i + L);
            c2.intoArray(z, i + 2 * L);
            c3.intoArray(z, i + 3 * L);
        }
        for (; i + L <= cols; i += L) {
            DoubleVector c0 = DoubleVector.fromArray(S, z, i);
            for (int j = 0; j < rows; j++) {
                DoubleVector w0 = DoubleVector.fromArray(S, w[j], i);
                DoubleVector xj = DoubleVector.broadcast(S, x[o + j]);
                c0 = FUSED ? w0.fma(xj, c0) : c0.add(w0.mul(xj));
            }
            c0.intoArray(z, i);
        }
        for (; i < cols; i++) {
            double s = z[i];
            for (int j = 0; j < rows; j++) {
                s = madd(s, w[j][i], x[o + j]);
            }
            z[i] = s;
        }
    }

    /**
     * One example's weight gradient: {@code grad[j][i] += x[o + j] * d[i]}, with eight vectors of
     * {@code d} (then four, then one) held in registers across all the rows, where the generated
     * loops reload {@code d} for every row. Each element is the loops' one product rounded, then
     * one sum rounded (or one {@code fma} with the opt-in).
     */
    static void outerProduct(double[][] grad, double[] x, int o, double[] d, int rows, int cols) {
        int i = 0;
        for (; i + 8 * L <= cols; i += 8 * L) {
            DoubleVector d0 = DoubleVector.fromArray(S, d, i);
            DoubleVector d1 = DoubleVector.fromArray(S, d, i + L);
            DoubleVector d2 = DoubleVector.fromArray(S, d, i + 2 * L);
            DoubleVector d3 = DoubleVector.fromArray(S, d, i + 3 * L);
            DoubleVector d4 = DoubleVector.fromArray(S, d, i + 4 * L);
            DoubleVector d5 = DoubleVector.fromArray(S, d, i + 5 * L);
            DoubleVector d6 = DoubleVector.fromArray(S, d, i + 6 * L);
            DoubleVector d7 = DoubleVector.fromArray(S, d, i + 7 * L);
            for (int j = 0; j < rows; j++) {
                double[] g = grad[j];
                DoubleVector xj = DoubleVector.broadcast(S, x[o + j]);
                DoubleVector g0 = DoubleVector.fromArray(S, g, i);
                (FUSED ? xj.fma(d0, g0) : g0.add(xj.mul(d0))).intoArray(g, i);
                DoubleVector g1 = DoubleVector.fromArray(S, g, i + L);
                (FUSED ? xj.fma(d1, g1) : g1.add(xj.mul(d1))).intoArray(g, i + L);
                DoubleVector g2 = DoubleVector.fromArray(S, g, i + 2 * L);
                (FUSED ? xj.fma(d2, g2) : g2.add(xj.mul(d2))).intoArray(g, i + 2 * L);
                DoubleVector g3 = DoubleVector.fromArray(S, g, i + 3 * L);
                (FUSED ? xj.fma(d3, g3) : g3.add(xj.mul(d3))).intoArray(g, i + 3 * L);
                DoubleVector g4 = DoubleVector.fromArray(S, g, i + 4 * L);
                (FUSED ? xj.fma(d4, g4) : g4.add(xj.mul(d4))).intoArray(g, i + 4 * L);
                DoubleVector g5 = DoubleVector.fromArray(S, g, i + 5 * L);
                (FUSED ? xj.fma(d5, g5) : g5.add(xj.mul(d5))).intoArray(g, i + 5 * L);
                DoubleVector g6 = DoubleVector.fromArray(S, g, i + 6 * L);
                (FUSED ? xj.fma(d6, g6) : g6.add(xj.mul(d6))).intoArray(g, i + 6 * L);
                DoubleVector g7 = DoubleVector.fromArray(S, g, i + 7 * L);
                (FUSED ? xj.fma(d7, g7) : g7.add(xj.mul(d7))).intoArray(g, i + 7 * L);
            }
        }
        for (; i + 4 * L <= cols; i += 4 * L) {
            DoubleVector d0 = DoubleVector.fromArray(S, d, i);
            DoubleVector d1 = DoubleVector.fromArray(S, d, i + L);
            DoubleVector d2 = DoubleVector.fromArray(S, d, i + 2 * L);
            DoubleVector d3 = DoubleVector.fromArray(S, d, i + 3 * L);
            for (int j = 0; j < rows; j++) {
                double[] g = grad[j];
                DoubleVector xj = DoubleVector.broadcast(S, x[o + j]);
                DoubleVector g0 = DoubleVector.fromArray(S, g, i);
                (FUSED ? xj.fma(d0, g0) : g0.add(xj.mul(d0))).intoArray(g, i);
                DoubleVector g1 = DoubleVector.fromArray(S, g, i + L);
                (FUSED ? xj.fma(d1, g1) : g1.add(xj.mul(d1))).intoArray(g, i + L);
                DoubleVector g2 = DoubleVector.fromArray(S, g, i + 2 * L);
                (FUSED ? xj.fma(d2, g2) : g2.add(xj.mul(d2))).intoArray(g, i + 2 * L);
                DoubleVector g3 = DoubleVector.fromArray(S, g, i + 3 * L);
                (FUSED ? xj.fma(d3, g3) : g3.add(xj.mul(d3))).intoArray(g, i + 3 * L);
            }
        }
        for (; i + L <= cols; i += L) {
            DoubleVector d0 = DoubleVector.fromArray(S, d, i);
            for (int j = 0; j < rows; j++) {
                double[] g = grad[j];
                DoubleVector xj = DoubleVector.broadcast(S, x[o + j]);
                DoubleVector g0 = DoubleVector.fromArray(S, g, i);
                (FUSED ? xj.fma(d0, g0) : g0.add(xj.mul(d0))).intoArray(g, i);
            }
        }
        for (; i < cols; i++) {
            double di = d[i];
            for (int j = 0; j < rows; j++) {
                grad[j][i] = madd(grad[j][i], x[o + j], di);
            }
        }
    }

    /**
     * One example's SGD step: {@code w[j][i] -= learningRate * (x[o + j] * d[i])}, with {@code d}
     * held in registers as in {@link #outerProduct}. Each element is the loops' product {@code
     * x[o + j] * d[i]} rounded, times the rate rounded, subtracted and rounded, with the opt-in
     * too: a step of the weights is not one of the sums the opt-in fuses (the runtime's optimizers
     * step unfused as well).
     */
    static void descend(double[][] w, double[] x, int o, double[] d, double learningRate, int rows, int cols) {
        DoubleVector rate = DoubleVector.broadcast(S, learningRate);
        int i = 0;
        for (; i + 8 * L <= cols; i += 8 * L) {
            DoubleVector d0 = DoubleVector.fromArray(S, d, i);
            DoubleVector d1 = DoubleVector.fromArray(S, d, i + L);
            DoubleVector d2 = DoubleVector.fromArray(S, d, i + 2 * L);
            DoubleVector d3 = DoubleVector.fromArray(S, d, i + 3 * L);
            DoubleVector d4 = DoubleVector.fromArray(S, d, i + 4 * L);
            DoubleVector d5 = DoubleVector.fromArray(S, d, i + 5 * L);
            DoubleVector d6 = DoubleVector.fromArray(S, d, i + 6 * L);
            DoubleVector d7 = DoubleVector.fromArray(S, d, i + 7 * L);
            for (int j = 0; j < rows; j++) {
                double[] row = w[j];
                DoubleVector xj = DoubleVector.broadcast(S, x[o + j]);
                DoubleVector.fromArray(S, row, i).sub(rate.mul(xj.mul(d0))).intoArray(row, i);
                DoubleVector.fromArray(S, row, i + L).sub(rate.mul(xj.mul(d1))).intoArray(row, i + L);
                DoubleVector.fromArray(S, row, i + 2 * L).sub(rate.mul(xj.mul(d2))).intoArray(row, i + 2 * L);
                DoubleVector.fromArray(S, row, i + 3 * L).sub(rate.mul(xj.mul(d3))).intoArray(row, i + 3 * L);
                DoubleVector.fromArray(S, row, i + 4 * L).sub(rate.mul(xj.mul(d4))).intoArray(row, i + 4 * L);
                DoubleVector.fromArray(S, row, i + 5 * L).sub(rate.mul(xj.mul(d5))).intoArray(row, i + 5 * L);
                DoubleVector.fromArray(S, row, i + 6 * L).sub(rate.mul(xj.mul(d6))).intoArray(row, i + 6 * L);
                DoubleVector.fromArray(S, row, i + 7 * L).sub(rate.mul(xj.mul(d7))).intoArray(row, i + 7 * L);
            }
        }
        for (; i + 4 * L <= cols; i += 4 * L) {
            DoubleVector d0 = DoubleVector.fromArray(S, d, i);
            DoubleVector d1 = DoubleVector.fromArray(S, d, i + L);
            DoubleVector d2 = DoubleVector.fromArray(S, d, i + 2 * L);
            DoubleVector d3 = DoubleVector.fromArray(S, d, i + 3 * L);
            for (int j = 0; j < rows; j++) {
                double[] row = w[j];
                DoubleVector xj = DoubleVector.broadcast(S, x[o + j]);
                DoubleVector.fromArray(S, row, i).sub(rate.mul(xj.mul(d0))).intoArray(row, i);
                DoubleVector.fromArray(S, row, i + L).sub(rate.mul(xj.mul(d1))).intoArray(row, i + L);
                DoubleVector.fromArray(S, row, i + 2 * L).sub(rate.mul(xj.mul(d2))).intoArray(row, i + 2 * L);
                DoubleVector.fromArray(S, row, i + 3 * L).sub(rate.mul(xj.mul(d3))).intoArray(row, i + 3 * L);
            }
        }
        for (; i + L <= cols; i += L) {
            DoubleVector d0 = DoubleVector.fromArray(S, d, i);
            for (int j = 0; j < rows; j++) {
                double[] row = w[j];
                DoubleVector xj = DoubleVector.broadcast(S, x[o + j]);
                DoubleVector.fromArray(S, row, i).sub(rate.mul(xj.mul(d0))).intoArray(row, i);
            }
        }
        for (; i < cols; i++) {
            double di = d[i];
            for (int j = 0; j < rows; j++) {
                w[j][i] -= learningRate * (x[o + j] * di);
            }
        }
    }
}
