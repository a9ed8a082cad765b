package io.chainrule.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chainrule.kernel.DoubleProducts;
import io.chainrule.kernel.FloatProducts;
import io.chainrule.kernel.Products;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vector products against the generated loops' arithmetic written out as plain loops (each
 * element: its value, then {@code + w * x} per term in order, rounded each time; in the build's
 * second run of this class, with {@code -Dchainrule.products=fma}, {@code Math.fma} per term in
 * the same order), compared bit for bit (the sign of a zero counts; a NaN is compared as NaN, since
 * Java leaves its sign and payload to the processor and the JIT, even for one loop run twice) on
 * every shape of block and tail, in both block shapes (two and four vectors of columns; one
 * example's products in blocks of eight, four and one): 1 to 9
 * examples (blocks of four and the rest), 1 to 9 rows and 67 (panels), and column counts around
 * one, two and four vectors of this machine and of an AVX2 one; inputs flat at offsets and per
 * example; values that include zeros of both signs, subnormals, huge values whose sums overflow,
 * infinities and NaN.
 */
class VectorProductsTest {
    private static final int[] COLS = {0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 63, 64, 65, 100, 130};
    /**
     * Rows of W (terms of the forward product): 1 to 9, and 67, which the forward product takes in
     * panels of {@link VectorFloatProducts#PANEL_BYTES} (31 float rows of 130 columns, 15 double).
     */
    private static final int[] ROWS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 67};
    private static final float[] SPECIAL = {0f, -0f, Float.MIN_VALUE, -Float.MIN_NORMAL / 3, 3e38f, -3e38f,
        Float.POSITIVE_INFINITY, Float.NaN, 1f, -1f};

    /** Learning rates of the SGD steps: usual ones, and ones whose steps round to zero or overflow. */
    private static final float[] RATES = {0.01f, 0.1f, 1f, -0.5f, Float.MIN_VALUE, 3e38f};

    /** Both block shapes, whatever this machine's default: two vectors of columns, and four. */
    private static final boolean[] WIDE = {false, true};
    /** Whether this is the build's run with the opt-in fused multiply-adds (vector/pom.xml). */
    private static final boolean FUSED_RUN = Boolean.getBoolean("chainrule.test.fused");

    @Test
    void theServiceLookupFindsTheseProducts() {
        assertEquals(VectorFloatProducts.class, Products.FLOAT.getClass());
        assertEquals(VectorDoubleProducts.class, Products.DOUBLE.getClass());
    }

    /** The products round as this run asked: fused only in the build's fused run, so neither run passes vacuously. */
    @Test
    void theProductsRoundAsThisRunAsks() {
        assertEquals(FUSED_RUN, FloatBlocks.FUSED);
        assertEquals(FUSED_RUN, DoubleBlocks.FUSED);
        assertEquals(FUSED_RUN, Products.describe().contains("fused multiply-adds"), Products.describe());
    }

    @Test
    void floatProductsHaveTheLoopsBits() {
        for (boolean wide : WIDE) {
            floatProductsHaveTheLoopsBits(new VectorFloatProducts(wide));
        }
    }

    private static void floatProductsHaveTheLoopsBits(FloatProducts floats) {
        Random random = new Random(17);
        for (int cols : COLS) {
            for (int rows : ROWS) {
                for (int n = 1; n <= 9; n++) {
                    String where = floats + ", " + n + " examples, " + rows + " rows, " + cols + " columns";
                    float[][] w = floats(random, rows, cols);
                    float[][] h = floats(random, n, rows + 2);
                    float[] x = floats(random, 1, n * (rows + 3))[0];
                    int[] offsets = offsets(random, n, rows + 3);
                    float[][] z = floats(random, n, cols);
                    float[][] expected = copy(z);
                    floats.affine(w, h, z, n, rows, cols);
                    for (int e = 0; e < n; e++) {
                        for (int i = 0; i < cols; i++) {
                            for (int j = 0; j < rows; j++) {
                                expected[e][i] = madd(expected[e][i], w[j][i], h[e][j]);
                            }
                        }
                    }
                    assertBits(expected, z, "affine from h, " + where);
                    floats.affine(w, x, offsets, z, n, rows, cols);
                    for (int e = 0; e < n; e++) {
                        for (int i = 0; i < cols; i++) {
                            for (int j = 0; j < rows; j++) {
                                expected[e][i] = madd(expected[e][i], w[j][i], x[offsets[e] + j]);
                            }
                        }
                    }
                    assertBits(expected, z, "affine from x, " + where);
                    for (int e = 0; e < n; e++) {
                        floats.affine(w, x, offsets[e], z[e], rows, cols);
                        floats.affine(w, h[e], 0, z[e], rows, cols);
                        for (int i = 0; i < cols; i++) {
                            for (int j = 0; j < rows; j++) {
                                expected[e][i] = madd(expected[e][i], w[j][i], x[offsets[e] + j]);
                            }
                            for (int j = 0; j < rows; j++) {
                                expected[e][i] = madd(expected[e][i], w[j][i], h[e][j]);
                            }
                        }
                    }
                    assertBits(expected, z, "one example's affine from x, then from h, " + where);
                    float[][] d = floats(random, n, cols);
                    float[][] grad = copy(w);
                    float[][] expectedGrad = copy(w);
                    floats.outerProduct(grad, h, d, n, rows, cols);
                    for (int j = 0; j < rows; j++) {
                        for (int i = 0; i < cols; i++) {
                            for (int e = 0; e < n; e++) {
                                expectedGrad[j][i] = madd(expectedGrad[j][i], h[e][j], d[e][i]);
                            }
                        }
                    }
                    assertBits(expectedGrad, grad, "outer product from h, " + where);
                    floats.outerProduct(grad, x, offsets, d, n, rows, cols);
                    for (int j = 0; j < rows; j++) {
                        for (int i = 0; i < cols; i++) {
                            for (int e = 0; e < n; e++) {
                                expectedGrad[j][i] = madd(expectedGrad[j][i], x[offsets[e] + j], d[e][i]);
                            }
                        }
                    }
                    assertBits(expectedGrad, grad, "outer product from x, " + where);
                    for (int e = 0; e < n; e++) {
                        floats.outerProduct(grad, x, offsets[e], d[e], rows, cols);
                        floats.outerProduct(grad, h[e], 0, d[e], rows, cols);
                        for (int j = 0; j < rows; j++) {
                            for (int i = 0; i < cols; i++) {
                                expectedGrad[j][i] = madd(expectedGrad[j][i], x[offsets[e] + j], d[e][i]);
                                expectedGrad[j][i] = madd(expectedGrad[j][i], h[e][j], d[e][i]);
                            }
                        }
                    }
                    assertBits(expectedGrad, grad, "one example's outer product from x, then from h, " + where);
                    float rate = RATES[random.nextInt(RATES.length)];
                    float[][] expectedW = copy(w);
                    for (int e = 0; e < n; e++) {
                        floats.descend(w, x, offsets[e], d[e], rate, rows, cols);
                        floats.descend(w, h[e], 0, d[e], rate, rows, cols);
                        for (int j = 0; j < rows; j++) {
                            for (int i = 0; i < cols; i++) {
                                expectedW[j][i] = descend(expectedW[j][i], rate, x[offsets[e] + j] * d[e][i]);
                                expectedW[j][i] = descend(expectedW[j][i], rate, h[e][j] * d[e][i]);
                            }
                        }
                    }
                    assertBits(expectedW, w, "one example's SGD step from x, then from h, rate " + rate + ", " + where);
                }
            }
        }
    }

    @Test
    void doubleProductsHaveTheLoopsBits() {
        for (boolean wide : WIDE) {
            doubleProductsHaveTheLoopsBits(new VectorDoubleProducts(wide));
        }
    }

    private static void doubleProductsHaveTheLoopsBits(DoubleProducts doubles) {
        Random random = new Random(18);
        for (int cols : COLS) {
            for (int rows : ROWS) {
                for (int n = 1; n <= 9; n++) {
                    String where = doubles + ", " + n + " examples, " + rows + " rows, " + cols + " columns";
                    double[][] w = doubles(random, rows, cols);
                    double[][] h = doubles(random, n, rows + 2);
                    double[] x = doubles(random, 1, n * (rows + 3))[0];
                    int[] offsets = offsets(random, n, rows + 3);
                    double[][] z = doubles(random, n, cols);
                    double[][] expected = copy(z);
                    doubles.affine(w, h, z, n, rows, cols);
                    for (int e = 0; e < n; e++) {
                        for (int i = 0; i < cols; i++) {
                            for (int j = 0; j < rows; j++) {
                                expected[e][i] = madd(expected[e][i], w[j][i], h[e][j]);
                            }
                        }
                    }
                    assertBits(expected, z, "affine from h, " + where);
                    doubles.affine(w, x, offsets, z, n, rows, cols);
                    for (int e = 0; e < n; e++) {
                        for (int i = 0; i < cols; i++) {
                            for (int j = 0; j < rows; j++) {
                                expected[e][i] = madd(expected[e][i], w[j][i], x[offsets[e] + j]);
                            }
                        }
                    }
                    assertBits(expected, z, "affine from x, " + where);
                    for (int e = 0; e < n; e++) {
                        doubles.affine(w, x, offsets[e], z[e], rows, cols);
                        doubles.affine(w, h[e], 0, z[e], rows, cols);
                        for (int i = 0; i < cols; i++) {
                            for (int j = 0; j < rows; j++) {
                                expected[e][i] = madd(expected[e][i], w[j][i], x[offsets[e] + j]);
                            }
                            for (int j = 0; j < rows; j++) {
                                expected[e][i] = madd(expected[e][i], w[j][i], h[e][j]);
                            }
                        }
                    }
                    assertBits(expected, z, "one example's affine from x, then from h, " + where);
                    double[][] d = doubles(random, n, cols);
                    double[][] grad = copy(w);
                    double[][] expectedGrad = copy(w);
                    doubles.outerProduct(grad, h, d, n, rows, cols);
                    for (int j = 0; j < rows; j++) {
                        for (int i = 0; i < cols; i++) {
                            for (int e = 0; e < n; e++) {
                                expectedGrad[j][i] = madd(expectedGrad[j][i], h[e][j], d[e][i]);
                            }
                        }
                    }
                    assertBits(expectedGrad, grad, "outer product from h, " + where);
                    doubles.outerProduct(grad, x, offsets, d, n, rows, cols);
                    for (int j = 0; j < rows; j++) {
                        for (int i = 0; i < cols; i++) {
                            for (int e = 0; e < n; e++) {
                                expectedGrad[j][i] = madd(expectedGrad[j][i], x[offsets[e] + j], d[e][i]);
                            }
                        }
                    }
                    assertBits(expectedGrad, grad, "outer product from x, " + where);
                    for (int e = 0; e < n; e++) {
                        doubles.outerProduct(grad, x, offsets[e], d[e], rows, cols);
                        doubles.outerProduct(grad, h[e], 0, d[e], rows, cols);
                        for (int j = 0; j < rows; j++) {
                            for (int i = 0; i < cols; i++) {
                                expectedGrad[j][i] = madd(expectedGrad[j][i], x[offsets[e] + j], d[e][i]);
                                expectedGrad[j][i] = madd(expectedGrad[j][i], h[e][j], d[e][i]);
                            }
                        }
                    }
                    assertBits(expectedGrad, grad, "one example's outer product from x, then from h, " + where);
                    double rate = RATES[random.nextInt(RATES.length)];
                    double[][] expectedW = copy(w);
                    for (int e = 0; e < n; e++) {
                        doubles.descend(w, x, offsets[e], d[e], rate, rows, cols);
                        doubles.descend(w, h[e], 0, d[e], rate, rows, cols);
                        for (int j = 0; j < rows; j++) {
                            for (int i = 0; i < cols; i++) {
                                expectedW[j][i] = descend(expectedW[j][i], rate, x[offsets[e] + j] * d[e][i]);
                                expectedW[j][i] = descend(expectedW[j][i], rate, h[e][j] * d[e][i]);
                            }
                        }
                    }
                    assertBits(expectedW, w, "one example's SGD step from x, then from h, rate " + rate + ", " + where);
                }
            }
        }
    }

    /** {@code s + a * b} as the loops round it, or as {@code Math.fma} does in the fused run. */
    private static float madd(float s, float a, float b) {
        return FUSED_RUN ? Math.fma(a, b, s) : s + a * b;
    }

    private static double madd(double s, double a, double b) {
        return FUSED_RUN ? Math.fma(a, b, s) : s + a * b;
    }

    /** {@code w - rate * step} as the loops' SGD step rounds it, in the fused run too (steps are never fused). */
    private static float descend(float w, float rate, float step) {
        return w - rate * step;
    }

    private static double descend(double w, double rate, double step) {
        return w - rate * step;
    }

    /** Offsets of n examples of {@code stride} values in shuffled order. */
    private static int[] offsets(Random random, int n, int stride) {
        int[] offsets = new int[n];
        for (int e = 0; e < n; e++) {
            offsets[e] = e * stride;
        }
        for (int e = n - 1; e > 0; e--) {
            int k = random.nextInt(e + 1);
            int t = offsets[e];
            offsets[e] = offsets[k];
            offsets[k] = t;
        }
        return offsets;
    }

    /** Values in (-1, 1) with one in twenty a special value, with a spare element after each row's end. */
    private static float[][] floats(Random random, int rows, int cols) {
        float[][] a = new float[rows][cols + 1];
        for (float[] row : a) {
            for (int i = 0; i < row.length; i++) {
                row[i] = random.nextInt(20) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)] : random.nextFloat() * 2 - 1;
            }
        }
        return a;
    }

    private static double[][] doubles(Random random, int rows, int cols) {
        double[][] a = new double[rows][cols + 1];
        for (double[] row : a) {
            for (int i = 0; i < row.length; i++) {
                row[i] = random.nextInt(20) == 0 ? special(random) : random.nextDouble() * 2 - 1;
            }
        }
        return a;
    }

    private static double special(Random random) {
        float f = SPECIAL[random.nextInt(SPECIAL.length)];
        return Math.abs(f) == 3e38f ? Math.copySign(1.7e308, f) : f == Float.MIN_VALUE ? Double.MIN_VALUE : f;
    }

    private static float[][] copy(float[][] a) {
        float[][] copy = new float[a.length][];
        for (int k = 0; k < a.length; k++) {
            copy[k] = a[k].clone();
        }
        return copy;
    }

    private static double[][] copy(double[][] a) {
        double[][] copy = new double[a.length][];
        for (int k = 0; k < a.length; k++) {
            copy[k] = a[k].clone();
        }
        return copy;
    }

    private static void assertBits(float[][] expected, float[][] actual, String what) {
        for (int r = 0; r < expected.length; r++) {
            for (int i = 0; i < expected[r].length; i++) {
                if (Float.floatToIntBits(expected[r][i]) != Float.floatToIntBits(actual[r][i])) {
                    assertEquals(expected[r][i], actual[r][i], what + ": [" + r + "][" + i + "]");
                    assertEquals(Float.floatToIntBits(expected[r][i]), Float.floatToIntBits(actual[r][i]),
                            what + ": bits of [" + r + "][" + i + "]");
                }
            }
        }
    }

    private static void assertBits(double[][] expected, double[][] actual, String what) {
        for (int r = 0; r < expected.length; r++) {
            for (int i = 0; i < expected[r].length; i++) {
                if (Double.doubleToLongBits(expected[r][i]) != Double.doubleToLongBits(actual[r][i])) {
                    assertEquals(expected[r][i], actual[r][i], what + ": [" + r + "][" + i + "]");
                    assertEquals(Double.doubleToLongBits(expected[r][i]), Double.doubleToLongBits(actual[r][i]),
                            what + ": bits of [" + r + "][" + i + "]");
                }
            }
        }
    }
}
