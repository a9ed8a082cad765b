package io.chainrule.benchmarks.jmh;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The three matrix products of a batched dense layer at P3's shape (a batch of 32 examples, 784
 * inputs, 128 units, float), in the loop shapes the processor generates ({@code BatchCode}): the
 * forward product {@code z[e] = b + Σ_j W[j] * x[e][j]}, the weight gradient
 * {@code dW[j] += Σ_e x[e][j] * dz[e]} and the gradient passed down
 * {@code dx[e][j] = Σ_i W[j][i] * dz[e][i]} (four partial sums over {@code i mod 4}), in the shape
 * generated before issue 17, the shapes generated now and the rejected candidates (see
 * {@link ProductKernels}); all variants of a product add the same terms in the same order (the
 * setup checks the bits).
 * One operation is one product, 2 · 32 · 784 · 128 = 6,422,528 floating-point operations: GFLOP/s
 * = 6,422,528 / (ns per operation). Run with
 * {@code java -jar benchmarks/target/chainrule-benchmarks.jar ProductKernelsBenchmark -f 3 -wi 3 -i 5 -w 1s -r 1s}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ProductKernelsBenchmark {
    static final int N = 32;
    static final int IN = 784;
    static final int OUT = 128;

    final float[][] w = new float[IN][OUT];
    final float[] b = new float[OUT];
    final float[][] x = new float[N][IN];
    final float[][] z = new float[N][OUT];
    final float[][] dz = new float[N][OUT];
    final float[][] dw = new float[IN][OUT];
    private final float[][] dx = new float[N][IN];
    private final float[][] transposed = new float[OUT][IN];
    private final float[][] sums = new float[4][IN];

    @Setup
    public void setUp() {
        Random random = new Random(17);
        for (float[] row : w) {
            for (int i = 0; i < OUT; i++) {
                row[i] = (float) random.nextGaussian() * 0.05f;
            }
        }
        for (float[] row : x) {
            for (int j = 0; j < IN; j++) {
                row[j] = random.nextFloat();
            }
        }
        for (float[] row : dz) {
            for (int i = 0; i < OUT; i++) {
                row[i] = (float) random.nextGaussian();
            }
        }
        for (int i = 0; i < OUT; i++) {
            b[i] = random.nextFloat();
        }
        ProductKernels.check(w, b, x, dz);
    }

    @Benchmark
    public float[][] forward() {
        ProductKernels.forward(w, b, x, z, N);
        return z;
    }

    @Benchmark
    public float[][] forwardTwoExamples() {
        ProductKernels.forwardTwoExamples(w, b, x, z, N);
        return z;
    }

    @Benchmark
    public float[][] weightGradient() {
        ProductKernels.weightGradient(dw, x, dz, N);
        return dw;
    }

    @Benchmark
    public float[][] weightGradientTwoRows() {
        ProductKernels.weightGradientTwoRows(dw, x, dz, N);
        return dw;
    }

    @Benchmark
    public float[][] inputGradientBefore() {
        ProductKernels.inputGradientBefore(w, dz, dx, N);
        return dx;
    }

    @Benchmark
    public float[][] inputGradientBlocked() {
        ProductKernels.inputGradientBlocked(w, dz, dx, N);
        return dx;
    }

    @Benchmark
    public float[][] inputGradientTransposed() {
        ProductKernels.inputGradientTransposed(w, dz, dx, N, transposed, sums);
        return dx;
    }
}
