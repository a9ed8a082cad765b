package io.chainrule.benchmarks.jmh;

import io.chainrule.Activations;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * How to compute tanh and exp in generated code: eight values per operation (P4's hidden layer),
 * pre-activations drawn from N(0, 1) like a trained tanh layer's, in ns per operation. Compares
 * {@link Activations} (pure arithmetic, the same bits on every JVM) with the {@code Math.exp}
 * intrinsic (may differ by an ulp between JVMs), {@code StrictMath} (fdlibm, reproducible, a
 * native call on JDK 17) and {@code Math.tanh} (not an intrinsic on HotSpot 17); and the float
 * tanh of {@link Activations} against the double one rounded to float.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ActivationBenchmark {
    private static final int VALUES = 8;
    private static final int SETS = 1024;

    private final double[] z = new double[SETS * VALUES];
    private final double[] h = new double[VALUES];
    private final float[] zf = new float[SETS * VALUES];
    private final float[] hf = new float[VALUES];
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(8);
        for (int i = 0; i < z.length; i++) {
            z[i] = random.nextGaussian();
            zf[i] = (float) z[i];
        }
    }

    private int offset() {
        next = (next + 1) & (SETS - 1);
        return next * VALUES;
    }

    /** Chainrule's tanh: e^x from a table and a polynomial, fdlibm's forms. */
    @Benchmark
    public double tanhActivations() {
        int off = offset();
        for (int i = 0; i < VALUES; i++) {
            h[i] = Activations.tanh(z[off + i]);
        }
        return h[0] + h[VALUES - 1];
    }

    /** The previous tanh: sign(z) (1 - t) / (1 + t), t = Math.exp(-2|z|). */
    @Benchmark
    public double tanhMathExp() {
        int off = offset();
        for (int i = 0; i < VALUES; i++) {
            double v = z[off + i];
            double t = Math.exp(-2.0 * Math.abs(v));
            double r = (1.0 - t) / (1.0 + t);
            h[i] = v < 0 ? -r : r;
        }
        return h[0] + h[VALUES - 1];
    }

    /** The same formula with StrictMath.exp (reproducible). */
    @Benchmark
    public double tanhStrictMathExp() {
        int off = offset();
        for (int i = 0; i < VALUES; i++) {
            double v = z[off + i];
            double t = StrictMath.exp(-2.0 * Math.abs(v));
            double r = (1.0 - t) / (1.0 + t);
            h[i] = v < 0 ? -r : r;
        }
        return h[0] + h[VALUES - 1];
    }

    /** Chainrule's float tanh: a rational approximation evaluated in double. */
    @Benchmark
    public float tanhActivationsFloat() {
        int off = offset();
        for (int i = 0; i < VALUES; i++) {
            hf[i] = Activations.tanh(zf[off + i]);
        }
        return hf[0] + hf[VALUES - 1];
    }

    /** The float tanh before: the double tanh, rounded to float. */
    @Benchmark
    public float tanhActivationsDoubleRounded() {
        int off = offset();
        for (int i = 0; i < VALUES; i++) {
            hf[i] = (float) Activations.tanh((double) zf[off + i]);
        }
        return hf[0] + hf[VALUES - 1];
    }

    /** Math.tanh. */
    @Benchmark
    public double tanhMath() {
        int off = offset();
        for (int i = 0; i < VALUES; i++) {
            h[i] = Math.tanh(z[off + i]);
        }
        return h[0] + h[VALUES - 1];
    }

    /** StrictMath.tanh (fdlibm). */
    @Benchmark
    public double tanhStrictMath() {
        int off = offset();
        for (int i = 0; i < VALUES; i++) {
            h[i] = StrictMath.tanh(z[off + i]);
        }
        return h[0] + h[VALUES - 1];
    }

    /** Chainrule's exp. */
    @Benchmark
    public double expActivations() {
        int off = offset();
        for (int i = 0; i < VALUES; i++) {
            h[i] = Activations.exp(z[off + i]);
        }
        return h[0] + h[VALUES - 1];
    }

    /** Math.exp (a HotSpot intrinsic). */
    @Benchmark
    public double expMath() {
        int off = offset();
        for (int i = 0; i < VALUES; i++) {
            h[i] = Math.exp(z[off + i]);
        }
        return h[0] + h[VALUES - 1];
    }

    /** StrictMath.exp. */
    @Benchmark
    public double expStrictMath() {
        int off = offset();
        for (int i = 0; i < VALUES; i++) {
            h[i] = StrictMath.exp(z[off + i]);
        }
        return h[0] + h[VALUES - 1];
    }
}
