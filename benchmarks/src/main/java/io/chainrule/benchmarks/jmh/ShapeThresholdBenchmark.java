package io.chainrule.benchmarks.jmh;

import io.chainrule.CodeShape;
import io.chainrule.DoubleModel;
import io.chainrule.benchmarks.Networks;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * AUTO's threshold: is straight-line code faster than loops for tiny layers? The P4 network
 * (4-8-3: layers of 32 and 24 multiply-adds) and 8-8-8-8 (three layers of 64, AUTO's former limit), in
 * double, LOOPS against UNROLLED: a forward pass ({@code predict}) and a training example
 * ({@code lossAndGradient}), in ns per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ShapeThresholdBenchmark {
    private static final int EXAMPLES = 1024;

    @Param({"4-8-3", "8-8-8-8"})
    public String network;

    @Param({"LOOPS", "UNROLLED"})
    public CodeShape shape;

    private DoubleModel model;
    private double[] x;
    private double[] y;
    private double[] out;
    private int inputs;
    private int outputs;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        model = network.equals("4-8-3") ? Networks.tinyDouble(shape) : Networks.edgeDouble(shape);
        model.initialize(Systems.WEIGHT_SEED);
        inputs = model.inputSize();
        outputs = model.outputSize();
        Random random = new Random(3);
        x = new double[EXAMPLES * inputs];
        y = new double[EXAMPLES * outputs];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * random.nextDouble() - 1;
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = random.nextGaussian();
        }
        out = new double[outputs];
    }

    private int next() {
        next = (next + 1) & (EXAMPLES - 1);
        return next;
    }

    /** One forward pass. */
    @Benchmark
    public double predict() {
        model.predict(x, next() * inputs, out);
        return out[0];
    }

    /** Forward, loss and backward of one example (gradients accumulate; no step). */
    @Benchmark
    public double lossAndGradient() {
        int i = next();
        return model.lossAndGradient(x, i * inputs, y, i * outputs);
    }
}
