package io.chainrule.benchmarks.jmh;

import io.chainrule.CodeShape;
import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.benchmarks.Networks;
import io.chainrule.benchmarks.dl4j.Dl4jNetworks;
import io.chainrule.benchmarks.encog.EncogNetworks;
import io.chainrule.benchmarks.neuroph.NeurophNetworks;
import io.chainrule.benchmarks.reference.ReferenceMlpDouble;
import io.chainrule.benchmarks.reference.ReferenceMlpFloat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.encog.engine.network.activation.ActivationLinear;
import org.encog.engine.network.activation.ActivationTANH;
import org.encog.neural.networks.BasicNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.neuroph.core.transfer.Linear;
import org.neuroph.core.transfer.Tanh;
import org.neuroph.nnet.MultiLayerPerceptron;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Workload P4: the forward pass of a 4-8(tanh)-3(identity) network, one example per call, in
 * nanoseconds. Calls cycle through 1024 fixed random inputs in [-1, 1).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TinyInferenceBenchmark {
    private static final int INPUTS = 4;
    private static final int HIDDEN = 8;
    private static final int OUTPUTS = 3;
    private static final int EXAMPLES = 1024;
    private static final long INPUT_SEED = 4L;

    /** The inputs and the index of the next one. */
    @State(Scope.Thread)
    public static class Inputs {
        final double[] doubles = new double[EXAMPLES * INPUTS];
        final float[] floats = new float[EXAMPLES * INPUTS];
        final double[][] rows = new double[EXAMPLES][INPUTS];
        private int next;

        @Setup(Level.Trial)
        public void setUp() {
            Random random = new Random(INPUT_SEED);
            for (int i = 0; i < doubles.length; i++) {
                doubles[i] = 2.0 * random.nextDouble() - 1.0;
                floats[i] = (float) doubles[i];
                rows[i / INPUTS][i % INPUTS] = doubles[i];
            }
        }

        int next() {
            next = (next + 1) & (EXAMPLES - 1);
            return next;
        }
    }

    /** A generated float model. */
    @State(Scope.Thread)
    public static class ChainruleFloat {
        @Param({"LOOPS", "UNROLLED"})
        public CodeShape shape;
        final float[] out = new float[OUTPUTS];
        FloatModel model;

        @Setup(Level.Trial)
        public void setUp() {
            model = Networks.tinyFloat(shape);
            model.initialize(Systems.WEIGHT_SEED);
        }
    }

    /** A generated double model. */
    @State(Scope.Thread)
    public static class ChainruleDouble {
        @Param({"LOOPS", "UNROLLED"})
        public CodeShape shape;
        final double[] out = new double[OUTPUTS];
        DoubleModel model;

        @Setup(Level.Trial)
        public void setUp() {
            model = Networks.tinyDouble(shape);
            model.initialize(Systems.WEIGHT_SEED);
        }
    }

    /** The hand-written reference, float. */
    @State(Scope.Thread)
    public static class ReferenceFloat {
        final float[] out = new float[OUTPUTS];
        final ReferenceMlpFloat mlp = new ReferenceMlpFloat(INPUTS, HIDDEN, OUTPUTS, true);

        @Setup(Level.Trial)
        public void setUp() {
            FloatModel init = Networks.tinyFloat(CodeShape.LOOPS);
            init.initialize(Systems.WEIGHT_SEED);
            mlp.copyParameters(init.parameterArrays());
        }
    }

    /** The hand-written reference, double. */
    @State(Scope.Thread)
    public static class ReferenceDouble {
        final double[] out = new double[OUTPUTS];
        final ReferenceMlpDouble mlp = new ReferenceMlpDouble(INPUTS, HIDDEN, OUTPUTS, true);

        @Setup(Level.Trial)
        public void setUp() {
            DoubleModel init = Networks.tinyDouble(CodeShape.LOOPS);
            init.initialize(Systems.WEIGHT_SEED);
            mlp.copyParameters(init.parameterArrays());
        }
    }

    /** Encog 3.4 (double, its own tanh). */
    @State(Scope.Thread)
    public static class Encog {
        final double[] out = new double[OUTPUTS];
        BasicNetwork network;

        @Setup(Level.Trial)
        public void setUp() {
            DoubleModel init = Networks.tinyDouble(CodeShape.LOOPS);
            init.initialize(Systems.WEIGHT_SEED);
            network = EncogNetworks.network(INPUTS, HIDDEN, OUTPUTS, new ActivationTANH(), new ActivationLinear(),
                    init.parameterArrays());
        }
    }

    /** Neuroph 2.92 (double, its own tanh: {@code Tanh} with its default slope 2 is tanh). */
    @State(Scope.Thread)
    public static class Neuroph {
        MultiLayerPerceptron network;

        @Setup(Level.Trial)
        public void setUp() {
            DoubleModel init = Networks.tinyDouble(CodeShape.LOOPS);
            init.initialize(Systems.WEIGHT_SEED);
            network = NeurophNetworks.network(INPUTS, HIDDEN, OUTPUTS, Tanh.class, Linear.class,
                    init.parameterArrays());
        }
    }

    /**
     * Deeplearning4j 1.0.0-M2.1 (double, nd4j-native, one thread): the inputs as 1024 ND4J rows
     * {@code [1, 4]} built in the setup; a call is {@code output(row, false)}, which returns a new
     * array, and reading its first value.
     */
    @State(Scope.Thread)
    public static class Dl4j {
        final INDArray[] rows = new INDArray[EXAMPLES];
        MultiLayerNetwork network;

        @Setup(Level.Trial)
        public void setUp(Inputs in) {
            Dl4jNetworks.useOneThread();
            DoubleModel init = Networks.tinyDouble(CodeShape.LOOPS);
            init.initialize(Systems.WEIGHT_SEED);
            network = Dl4jNetworks.tanhRegressor(INPUTS, HIDDEN, OUTPUTS, init.parameterArrays());
            for (int n = 0; n < EXAMPLES; n++) {
                rows[n] = Nd4j.createFromArray(new double[][] {in.rows[n]});
            }
        }
    }

    /** P4, generated float model. */
    @Benchmark
    public float p4Float(Inputs in, ChainruleFloat run) {
        run.model.predict(in.floats, in.next() * INPUTS, run.out);
        return run.out[0];
    }

    /** P4, generated double model. */
    @Benchmark
    public double p4Double(Inputs in, ChainruleDouble run) {
        run.model.predict(in.doubles, in.next() * INPUTS, run.out);
        return run.out[0];
    }

    /** P4, reference float. */
    @Benchmark
    public float p4FloatReference(Inputs in, ReferenceFloat run) {
        run.mlp.predict(in.floats, in.next() * INPUTS, run.out);
        return run.out[0];
    }

    /** P4, reference double. */
    @Benchmark
    public double p4DoubleReference(Inputs in, ReferenceDouble run) {
        run.mlp.predict(in.doubles, in.next() * INPUTS, run.out);
        return run.out[0];
    }

    /** P4, Encog. */
    @Benchmark
    public double p4Encog(Inputs in, Encog run) {
        run.network.compute(in.rows[in.next()], run.out);
        return run.out[0];
    }

    /** P4, Neuroph. */
    @Benchmark
    public double p4Neuroph(Inputs in, Neuroph run) {
        run.network.setInput(in.rows[in.next()]);
        run.network.calculate();
        return run.network.getOutput()[0];
    }

    /** P4, Deeplearning4j. */
    @Benchmark
    @Fork(jvmArgsAppend = Systems.NATIVE_ACCESS)
    public double p4Dl4j(Inputs in, Dl4j run) {
        return run.network.output(run.rows[in.next()], false).getDouble(0);
    }
}
