package io.chainrule.vector;

import static io.chainrule.vector.DoubleBlocks.FUSED;
import static io.chainrule.vector.DoubleBlocks.L;
import static io.chainrule.vector.DoubleBlocks.S;
import static io.chainrule.vector.DoubleBlocks.madd;

import jdk.incubator.vector.DoubleVector;

/**
 * The forward product of one example ({@link VectorDoubleProducts#affine(double[][], double[], int,
 * double[], int, int)}): {@code z[i] += Σ_j w[j][i] * x[o + j]}, with eight vectors of outputs (then
 * four, then one) held in registers across all the rows, so each weight row is loaded once per
 * block of outputs and {@code z} is read and written once, where the generated loops load and
 * store all of {@code z} for every row (BENCHMARKS.md, "One example's forward product").
 * Each lane is one element's sum in the order of j, a product rounded, then a sum rounded (or one
 * {@code fma} with the opt-in), so the bits are the generated loops'.
 */
final class DoubleExampleProduct {
    private DoubleExampleProduct() {
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
}
