package io.chainrule.benchmarks.jmh;

import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.benchmarks.MnistDoubleLoops;
import io.chainrule.benchmarks.MnistFloatLoops;
import io.chainrule.benchmarks.data.SyntheticMnist;
import io.chainrule.benchmarks.dl4j.Dl4jExamples;
import io.chainrule.benchmarks.dl4j.Dl4jNetworks;
import io.chainrule.benchmarks.dl4j.Dl4jTrainer;
import io.chainrule.benchmarks.encog.EncogNetworks;
import io.chainrule.benchmarks.encog.SoftMaxWithReluDerivative;
import io.chainrule.benchmarks.neuroph.NeurophNetworks;
import io.chainrule.benchmarks.neuroph.NeurophTrainer;
import io.chainrule.benchmarks.train.DoubleLearner;
import io.chainrule.benchmarks.train.FloatLearner;
import io.chainrule.benchmarks.train.Training;
import java.util.concurrent.TimeUnit;
import org.encog.engine.network.activation.ActivationReLU;
import org.encog.ml.data.basic.BasicMLDataSet;
import org.encog.neural.networks.BasicNetwork;
import org.encog.neural.networks.training.propagation.back.Backpropagation;
import org.neuroph.core.data.DataSetRow;
import org.neuroph.core.transfer.Linear;
import org.neuroph.core.transfer.RectifiedLinear;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Workload P3: the 784-128-10 network on the synthetic MNIST-shaped data, plain SGD (lr 0.05)
 * with batch 1 and batch 32 (mean gradient). To keep runs short one operation is a chunk of
 * 2048 examples rather than two epochs; successive operations walk through 9 chunks (18,432 of
 * the 20,000 examples) in order. Scores are examples per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(MnistShapedBenchmark.CHUNK)
public class MnistShapedBenchmark {
    /** Examples per operation. */
    static final int CHUNK = 2048;
    private static final int CHUNKS = SyntheticMnist.SIZE / CHUNK;
    private static final int HIDDEN = 128;
    private static final float RATE = 0.05f;
    private static final int BATCH = 32;

    /** A float system. */
    @State(Scope.Thread)
    public static class FloatRun {
        @Param({Systems.CHAINRULE_LOOPS, Systems.CHAINRULE_BATCHED, Systems.REFERENCE})
        public String system;

        private SyntheticMnist data;
        private int[] order;
        private int chunk;
        private FloatLearner learner;

        @Setup(Level.Trial)
        public void setUp() {
            data = SyntheticMnist.generate();
            order = Training.identityOrder(SyntheticMnist.SIZE);
            FloatModel model = new MnistFloatLoops();
            model.initialize(Systems.WEIGHT_SEED);
            learner = Systems.learner(system, model, HIDDEN, false);
        }

        double chunk(int batch) {
            int from = chunk * CHUNK;
            chunk = (chunk + 1) % CHUNKS;
            return Training.train(learner, data.features, SyntheticMnist.FEATURES, data.labels, order, from, CHUNK,
                    batch, RATE);
        }
    }

    /** A double system. */
    @State(Scope.Thread)
    public static class DoubleRun {
        @Param({Systems.CHAINRULE_LOOPS, Systems.CHAINRULE_BATCHED, Systems.REFERENCE})
        public String system;

        private double[] features;
        private int[] labels;
        private int[] order;
        private int chunk;
        private DoubleLearner learner;

        @Setup(Level.Trial)
        public void setUp() {
            SyntheticMnist data = SyntheticMnist.generate();
            features = data.featuresDouble();
            labels = data.labels;
            order = Training.identityOrder(SyntheticMnist.SIZE);
            DoubleModel model = new MnistDoubleLoops();
            model.initialize(Systems.WEIGHT_SEED);
            learner = Systems.learner(system, model, HIDDEN, false);
        }

        double chunk(int batch) {
            int from = chunk * CHUNK;
            chunk = (chunk + 1) % CHUNKS;
            return Training.train(learner, features, SyntheticMnist.FEATURES, labels, order, from, CHUNK, batch, RATE);
        }
    }

    /** Encog 3.4 (double): one data set and trainer per chunk. */
    @State(Scope.Thread)
    public static class EncogRun {
        private Backpropagation[] online;
        private Backpropagation[] minibatch;
        private int chunk;

        @Setup(Level.Trial)
        public void setUp() {
            SyntheticMnist data = SyntheticMnist.generate();
            double[] features = data.featuresDouble();
            int[] order = Training.identityOrder(SyntheticMnist.SIZE);
            DoubleModel init = new MnistDoubleLoops();
            init.initialize(Systems.WEIGHT_SEED);
            BasicNetwork network = EncogNetworks.network(SyntheticMnist.FEATURES, HIDDEN, SyntheticMnist.CLASSES,
                    new ActivationReLU(), new SoftMaxWithReluDerivative(), init.parameterArrays());
            online = new Backpropagation[CHUNKS];
            minibatch = new Backpropagation[CHUNKS];
            for (int c = 0; c < CHUNKS; c++) {
                BasicMLDataSet set = EncogNetworks.dataset(features, SyntheticMnist.FEATURES, data.labels,
                        SyntheticMnist.CLASSES, order, c * CHUNK, CHUNK);
                online[c] = EncogNetworks.trainer(network, set, 1, RATE);
                minibatch[c] = EncogNetworks.trainer(network, set, BATCH, RATE);
            }
        }

        double chunk(Backpropagation[] trainers) {
            Backpropagation trainer = trainers[chunk];
            chunk = (chunk + 1) % CHUNKS;
            trainer.iteration();
            return trainer.getError();
        }
    }

    /** Neuroph 2.92 (double), in batch mode (see {@link NeurophTrainer}); one network per trainer. */
    @State(Scope.Thread)
    public static class NeurophRun {
        private DataSetRow[] rows;
        private int[] order;
        private NeurophTrainer online;
        private NeurophTrainer minibatch;
        private int chunk;

        @Setup(Level.Trial)
        public void setUp() {
            SyntheticMnist data = SyntheticMnist.generate();
            order = Training.identityOrder(SyntheticMnist.SIZE);
            rows = NeurophNetworks.rows(data.featuresDouble(), SyntheticMnist.FEATURES, data.labels,
                    SyntheticMnist.CLASSES, order, 0, CHUNKS * CHUNK);
            DoubleModel init = new MnistDoubleLoops();
            init.initialize(Systems.WEIGHT_SEED);
            online = new NeurophTrainer(NeurophNetworks.network(SyntheticMnist.FEATURES, HIDDEN, SyntheticMnist.CLASSES,
                    RectifiedLinear.class, Linear.class, init.parameterArrays()), 1, RATE);
            minibatch = new NeurophTrainer(NeurophNetworks.network(SyntheticMnist.FEATURES, HIDDEN,
                    SyntheticMnist.CLASSES, RectifiedLinear.class, Linear.class, init.parameterArrays()), BATCH, RATE);
        }

        double chunk(NeurophTrainer trainer) {
            int from = chunk * CHUNK;
            chunk = (chunk + 1) % CHUNKS;
            return trainer.train(rows, order, from, CHUNK);
        }
    }

    /**
     * Deeplearning4j 1.0.0-M2.1 (double, nd4j-native, one thread; see {@link Dl4jTrainer}); one
     * network per trainer. The 18,432 examples the chunks cover are in ND4J arrays from the setup
     * on (115 MB, shared by both trainers), so an operation is only the {@code fit} calls of its
     * chunk's batches.
     */
    @State(Scope.Thread)
    public static class Dl4jRun {
        private Dl4jTrainer online;
        private Dl4jTrainer minibatch;
        private int chunk;

        @Setup(Level.Trial)
        public void setUp() {
            Dl4jNetworks.useOneThread();
            SyntheticMnist data = SyntheticMnist.generate();
            Dl4jExamples examples = new Dl4jExamples(CHUNKS * CHUNK, SyntheticMnist.FEATURES, SyntheticMnist.CLASSES);
            examples.load(data.featuresDouble(), data.labels, Training.identityOrder(SyntheticMnist.SIZE), 0);
            DoubleModel init = new MnistDoubleLoops();
            init.initialize(Systems.WEIGHT_SEED);
            online = new Dl4jTrainer(Dl4jNetworks.classifier(SyntheticMnist.FEATURES, HIDDEN, SyntheticMnist.CLASSES,
                    RATE, init.parameterArrays()), examples, 1);
            minibatch = new Dl4jTrainer(Dl4jNetworks.classifier(SyntheticMnist.FEATURES, HIDDEN,
                    SyntheticMnist.CLASSES, RATE, init.parameterArrays()), examples, BATCH);
        }

        double chunk(Dl4jTrainer trainer) {
            int from = chunk * CHUNK;
            chunk = (chunk + 1) % CHUNKS;
            return trainer.train(from, CHUNK);
        }
    }

    /** P3 batch 1, float. */
    @Benchmark
    public double batch1Float(FloatRun run) {
        return run.chunk(1);
    }

    /** P3 batch 32, float. */
    @Benchmark
    public double batch32Float(FloatRun run) {
        return run.chunk(BATCH);
    }

    /** P3 batch 1, double. */
    @Benchmark
    public double batch1Double(DoubleRun run) {
        return run.chunk(1);
    }

    /** P3 batch 32, double. */
    @Benchmark
    public double batch32Double(DoubleRun run) {
        return run.chunk(BATCH);
    }

    /** P3 batch 1, Encog. */
    @Benchmark
    public double batch1Encog(EncogRun run) {
        return run.chunk(run.online);
    }

    /** P3 batch 32, Encog. */
    @Benchmark
    public double batch32Encog(EncogRun run) {
        return run.chunk(run.minibatch);
    }

    /** P3 batch 1, Neuroph. */
    @Benchmark
    public double batch1Neuroph(NeurophRun run) {
        return run.chunk(run.online);
    }

    /** P3 batch 32, Neuroph. */
    @Benchmark
    public double batch32Neuroph(NeurophRun run) {
        return run.chunk(run.minibatch);
    }

    /** P3 batch 1, Deeplearning4j. */
    @Benchmark
    @Fork(jvmArgsAppend = Systems.NATIVE_ACCESS)
    public double batch1Dl4j(Dl4jRun run) {
        return run.chunk(run.online);
    }

    /** P3 batch 32, Deeplearning4j. */
    @Benchmark
    @Fork(jvmArgsAppend = Systems.NATIVE_ACCESS)
    public double batch32Dl4j(Dl4jRun run) {
        return run.chunk(run.minibatch);
    }
}
