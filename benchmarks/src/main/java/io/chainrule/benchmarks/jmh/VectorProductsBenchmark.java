package io.chainrule.benchmarks.jmh;

import io.chainrule.kernel.FloatProducts;
import io.chainrule.benchmarks.data.DigitsData;
import io.chainrule.kernel.Products;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The workloads issue 17's vector products change, in forks with the Vector API module
 * ({@code --add-modules jdk.incubator.vector}), where the runtime's service lookup finds
 * {@code chainrule-vector} and generated classes hand their large products to it: P3 batch 32
 * and P2 (float; batched products), P3 batch 1 and P1 (float, {@code sgdStep}: one example's
 * forward product), and the forward product and weight gradient at P3's shape (32 × 784 × 128; one
 * operation 6,422,528 flops, GFLOP/s = 6,422,528 / ns). Their twins with the generated loops in the
 * same run: {@code MnistShapedBenchmark.batch32Float} and {@code DigitsBenchmark.p2Float} (system
 * {@code chainrule-batched}), {@code MnistShapedBenchmark.batch1Float} and {@code
 * DigitsBenchmark.p1Float} (system {@code chainrule-loops}), and
 * {@code ProductKernelsBenchmark.forward} and {@code weightGradient}. The {@code *Fused}
 * benchmarks run the same in forks with the opt-in fused multiply-adds
 * ({@code -Dchainrule.products=fma}). Each setup fails if the products are not in use, or round
 * otherwise than the fork asks, so a score here is never the loops' by mistake.
 */
@Fork(jvmArgsAppend = VectorProductsBenchmark.MODULE)
public class VectorProductsBenchmark {
    private static final int CHUNK = MnistShapedBenchmark.CHUNK;
    static final String MODULE = "--add-modules=jdk.incubator.vector";
    static final String FUSED = "-D" + Products.PROPERTY + "=" + Products.FUSED;

    /** P3 float, the generated batched class. */
    @State(Scope.Thread)
    public static class P3 {
        final MnistShapedBenchmark.FloatRun run = new MnistShapedBenchmark.FloatRun();

        /** The system whose path of the generated class the run trains. */
        String system() {
            return Systems.CHAINRULE_BATCHED;
        }

        @Setup
        public void setUp(BenchmarkParams params) {
            requireProducts(params);
            run.system = system();
            run.setUp();
        }
    }

    /** P3 float online: the generated class's {@code sgdStep}, whose forward product is one example's. */
    @State(Scope.Thread)
    public static class P3Online extends P3 {
        @Override
        String system() {
            return Systems.CHAINRULE_LOOPS;
        }
    }

    /** P2 float, the generated batched class. */
    @State(Scope.Thread)
    public static class P2 {
        final DigitsBenchmark.FloatRun run = new DigitsBenchmark.FloatRun();

        /** The system whose path of the generated class the run trains. */
        String system() {
            return Systems.CHAINRULE_BATCHED;
        }

        @Setup
        public void setUp(BenchmarkParams params) {
            requireProducts(params);
            run.system = system();
            run.setUp();
        }
    }

    /** P1 float (digits online): the generated class's {@code sgdStep}. */
    @State(Scope.Thread)
    public static class P1 extends P2 {
        @Override
        String system() {
            return Systems.CHAINRULE_LOOPS;
        }
    }

    /** The data of {@link ProductKernelsBenchmark}, and the products in use. */
    @State(Scope.Thread)
    public static class Products784 {
        final ProductKernelsBenchmark data = new ProductKernelsBenchmark();
        FloatProducts products;

        @Setup
        public void setUp(BenchmarkParams params) {
            products = requireProducts(params);
            data.setUp();
            if (fused(params)) {
                return; // other bits by design, checked against Math.fma by VectorProductsTest
            }
            float[][] z = new float[ProductKernelsBenchmark.N][ProductKernelsBenchmark.OUT];
            float[][] expected = new float[ProductKernelsBenchmark.N][ProductKernelsBenchmark.OUT];
            forward(products, data, z);
            ProductKernels.forward(data.w, data.b, data.x, expected, ProductKernelsBenchmark.N);
            if (!Arrays.deepEquals(expected, z)) {
                throw new AssertionError("the vector forward product differs from the loops'");
            }
        }
    }

    /**
     * The products in use, failing unless they are the vector products, fused exactly in the
     * {@code *Fused} benchmarks (a command-line {@code -jvmArgsAppend} replaces the forks' flags).
     */
    static FloatProducts requireProducts(BenchmarkParams params) {
        if (Products.FLOAT == null || Products.FLOAT.toString().contains("fused") != fused(params)) {
            throw new IllegalStateException("not the vector products " + params.getBenchmark() + " is for: "
                    + Products.describe());
        }
        return Products.FLOAT;
    }

    /** Whether the benchmark is one of the fused ones. */
    static boolean fused(BenchmarkParams params) {
        return params.getBenchmark().endsWith("Fused");
    }

    static void forward(FloatProducts products, ProductKernelsBenchmark data, float[][] z) {
        for (float[] row : z) {
            System.arraycopy(data.b, 0, row, 0, ProductKernelsBenchmark.OUT);
        }
        products.affine(data.w, data.x, z, ProductKernelsBenchmark.N, ProductKernelsBenchmark.IN,
                ProductKernelsBenchmark.OUT);
    }

    /** P3 batch 32, float, examples per second. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CHUNK)
    public double p3Batch32Float(P3 state) {
        return state.run.chunk(32);
    }

    /** P3 batch 1, float, examples per second: the twin of {@code MnistShapedBenchmark.batch1Float} (chainrule-loops). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CHUNK)
    public double p3Batch1Float(P3Online state) {
        return state.run.chunk(1);
    }

    /** P1 (digits online), float, examples per second: the twin of {@code DigitsBenchmark.p1Float} (chainrule-loops). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(DigitsData.TRAIN_SIZE)
    public double p1Float(P1 state) {
        return state.run.epoch(1, DigitsBenchmark.P1_RATE);
    }

    /** P2 (digits, batch 32), float, examples per second. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(DigitsData.TRAIN_SIZE)
    public double p2Float(P2 state) {
        return state.run.epoch(DigitsBenchmark.P2_BATCH, DigitsBenchmark.P2_RATE);
    }

    /** {@code z[e] = b + Σ_j W[j] * x[e][j]} at 32 × 784 × 128, ns per product. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public float[][] forward(Products784 state) {
        forward(state.products, state.data, state.data.z);
        return state.data.z;
    }

    /** {@code dW[j] += Σ_e x[e][j] * dz[e]} at 32 × 784 × 128, ns per product. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public float[][] weightGradient(Products784 state) {
        state.products.outerProduct(state.data.dw, state.data.x, state.data.dz, ProductKernelsBenchmark.N,
                ProductKernelsBenchmark.IN, ProductKernelsBenchmark.OUT);
        return state.data.dw;
    }

    /** {@link #p3Batch32Float} with fused multiply-adds. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CHUNK)
    @Fork(jvmArgsAppend = {MODULE, FUSED})
    public double p3Batch32FloatFused(P3 state) {
        return state.run.chunk(32);
    }

    /** {@link #forward(Products784)} with fused multiply-adds. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Fork(jvmArgsAppend = {MODULE, FUSED})
    public float[][] forwardFused(Products784 state) {
        return forward(state);
    }

    /** {@link #weightGradient(Products784)} with fused multiply-adds. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Fork(jvmArgsAppend = {MODULE, FUSED})
    public float[][] weightGradientFused(Products784 state) {
        return weightGradient(state);
    }
}
