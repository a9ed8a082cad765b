package io.chainrule.benchmarks.jmh;

import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.benchmarks.Networks;
import io.chainrule.benchmarks.data.DigitsData;
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
import java.util.Collections;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.encog.engine.network.activation.ActivationReLU;
import org.encog.ml.data.basic.BasicMLDataSet;
import org.encog.neural.networks.BasicNetwork;
import org.encog.neural.networks.training.propagation.back.Backpropagation;
import org.neuroph.core.data.DataSetRow;
import org.neuroph.core.transfer.Linear;
import org.neuroph.core.transfer.RectifiedLinear;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Benchmark;
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
 * Workloads P1 (online SGD, lr 0.05) and P2 (minibatch 32, mean gradient, lr 0.1) on the digits
 * 64-32-10 network. One operation is one epoch over the 1437 training examples, shuffled with a
 * seeded generator first; scores are examples per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(DigitsData.TRAIN_SIZE)
public class DigitsBenchmark {
    static final float P1_RATE = 0.05f;
    static final float P2_RATE = 0.1f;
    static final int P2_BATCH = 32;
    private static final int HIDDEN = 32;

    /** A float system training on the digits. */
    @State(Scope.Thread)
    public static class FloatRun {
        @Param({Systems.CHAINRULE_LOOPS, Systems.CHAINRULE_BATCHED, Systems.CHAINRULE_UNROLLED, Systems.REFERENCE})
        public String system;

        private DigitsData data;
        private int[] order;
        private Random random;
        private FloatLearner learner;

        @Setup(Level.Trial)
        public void setUp() {
            data = DigitsData.load();
            order = Training.identityOrder(DigitsData.TRAIN_SIZE);
            random = new Random(Systems.SHUFFLE_SEED);
            FloatModel model = Networks.digitsFloat(Systems.shape(system));
            model.initialize(Systems.WEIGHT_SEED);
            learner = Systems.learner(system, model, HIDDEN, false);
        }

        double epoch(int batch, float learningRate) {
            Training.shuffle(order, random);
            return Training.train(learner, data.trainFloat, DigitsData.FEATURES, data.trainLabels, order, 0,
                    order.length, batch, learningRate);
        }
    }

    /** A double system training on the digits. */
    @State(Scope.Thread)
    public static class DoubleRun {
        @Param({Systems.CHAINRULE_LOOPS, Systems.CHAINRULE_BATCHED, Systems.CHAINRULE_UNROLLED, Systems.REFERENCE})
        public String system;

        private DigitsData data;
        private int[] order;
        private Random random;
        private DoubleLearner learner;

        @Setup(Level.Trial)
        public void setUp() {
            data = DigitsData.load();
            order = Training.identityOrder(DigitsData.TRAIN_SIZE);
            random = new Random(Systems.SHUFFLE_SEED);
            DoubleModel model = Networks.digitsDouble(Systems.shape(system));
            model.initialize(Systems.WEIGHT_SEED);
            learner = Systems.learner(system, model, HIDDEN, false);
        }

        double epoch(int batch, double learningRate) {
            Training.shuffle(order, random);
            return Training.train(learner, data.trainDouble, DigitsData.FEATURES, data.trainLabels, order, 0,
                    order.length, batch, learningRate);
        }
    }

    /** Encog 3.4 (double), with the ReLU workaround; it shuffles its own list of examples. */
    @State(Scope.Thread)
    public static class EncogRun {
        private BasicMLDataSet set;
        private Random random;
        private Backpropagation online;
        private Backpropagation minibatch;

        @Setup(Level.Trial)
        public void setUp() {
            DigitsData data = DigitsData.load();
            DoubleModel init = Networks.digitsDouble(Systems.shape(Systems.CHAINRULE_LOOPS));
            init.initialize(Systems.WEIGHT_SEED);
            BasicNetwork network = EncogNetworks.network(DigitsData.FEATURES, HIDDEN, DigitsData.CLASSES,
                    new ActivationReLU(), new SoftMaxWithReluDerivative(), init.parameterArrays());
            set = EncogNetworks.dataset(data.trainDouble, DigitsData.FEATURES, data.trainLabels, DigitsData.CLASSES,
                    Training.identityOrder(DigitsData.TRAIN_SIZE), 0, DigitsData.TRAIN_SIZE);
            random = new Random(Systems.SHUFFLE_SEED);
            online = EncogNetworks.trainer(network, set, 1, P1_RATE);
            minibatch = EncogNetworks.trainer(network, set, P2_BATCH, P2_RATE);
        }

        double epoch(Backpropagation trainer) {
            Collections.shuffle(set.getData(), random);
            trainer.iteration();
            return trainer.getError();
        }
    }

    /**
     * Neuroph 2.92 (double), in batch mode (see {@link NeurophTrainer}); one network per trainer,
     * the examples shuffled as for the Chainrule systems.
     */
    @State(Scope.Thread)
    public static class NeurophRun {
        private DataSetRow[] rows;
        private int[] order;
        private Random random;
        private NeurophTrainer online;
        private NeurophTrainer minibatch;

        @Setup(Level.Trial)
        public void setUp() {
            DigitsData data = DigitsData.load();
            DoubleModel init = Networks.digitsDouble(Systems.shape(Systems.CHAINRULE_LOOPS));
            init.initialize(Systems.WEIGHT_SEED);
            rows = NeurophNetworks.rows(data.trainDouble, DigitsData.FEATURES, data.trainLabels, DigitsData.CLASSES,
                    Training.identityOrder(DigitsData.TRAIN_SIZE), 0, DigitsData.TRAIN_SIZE);
            order = Training.identityOrder(DigitsData.TRAIN_SIZE);
            random = new Random(Systems.SHUFFLE_SEED);
            online = new NeurophTrainer(NeurophNetworks.network(DigitsData.FEATURES, HIDDEN, DigitsData.CLASSES,
                    RectifiedLinear.class, Linear.class, init.parameterArrays()), 1, P1_RATE);
            minibatch = new NeurophTrainer(NeurophNetworks.network(DigitsData.FEATURES, HIDDEN, DigitsData.CLASSES,
                    RectifiedLinear.class, Linear.class, init.parameterArrays()), P2_BATCH, P2_RATE);
        }

        double epoch(NeurophTrainer trainer) {
            Training.shuffle(order, random);
            return trainer.train(rows, order, 0, order.length);
        }
    }

    /**
     * Deeplearning4j 1.0.0-M2.1 (double, nd4j-native, one thread; see {@link Dl4jTrainer}); one
     * network per trainer, the examples shuffled as for the Chainrule systems. An epoch shuffles
     * the order, copies the examples in that order into the ND4J arrays the batches are views of
     * (about 0.1 MB), then calls {@code fit} once per batch.
     */
    @State(Scope.Thread)
    public static class Dl4jRun {
        private DigitsData data;
        private int[] order;
        private Random random;
        private Dl4jExamples examples;
        private Dl4jTrainer online;
        private Dl4jTrainer minibatch;

        @Setup(Level.Trial)
        public void setUp() {
            Dl4jNetworks.useOneThread();
            data = DigitsData.load();
            DoubleModel init = Networks.digitsDouble(Systems.shape(Systems.CHAINRULE_LOOPS));
            init.initialize(Systems.WEIGHT_SEED);
            order = Training.identityOrder(DigitsData.TRAIN_SIZE);
            random = new Random(Systems.SHUFFLE_SEED);
            examples = new Dl4jExamples(DigitsData.TRAIN_SIZE, DigitsData.FEATURES, DigitsData.CLASSES);
            online = new Dl4jTrainer(Dl4jNetworks.classifier(DigitsData.FEATURES, HIDDEN, DigitsData.CLASSES,
                    P1_RATE, init.parameterArrays()), examples, 1);
            minibatch = new Dl4jTrainer(Dl4jNetworks.classifier(DigitsData.FEATURES, HIDDEN, DigitsData.CLASSES,
                    P2_RATE, init.parameterArrays()), examples, P2_BATCH);
        }

        double epoch(Dl4jTrainer trainer) {
            Training.shuffle(order, random);
            examples.load(data.trainDouble, data.trainLabels, order, 0);
            return trainer.train(0, order.length);
        }
    }

    /** P1, float. */
    @Benchmark
    public double p1Float(FloatRun run) {
        return run.epoch(1, P1_RATE);
    }

    /** P1, double. */
    @Benchmark
    public double p1Double(DoubleRun run) {
        return run.epoch(1, P1_RATE);
    }

    /** P1, Encog. */
    @Benchmark
    public double p1Encog(EncogRun run) {
        return run.epoch(run.online);
    }

    /** P1, Neuroph. */
    @Benchmark
    public double p1Neuroph(NeurophRun run) {
        return run.epoch(run.online);
    }

    /** P1, Deeplearning4j. */
    @Benchmark
    @Fork(jvmArgsAppend = Systems.NATIVE_ACCESS)
    public double p1Dl4j(Dl4jRun run) {
        return run.epoch(run.online);
    }

    /** P2, float. */
    @Benchmark
    public double p2Float(FloatRun run) {
        return run.epoch(P2_BATCH, P2_RATE);
    }

    /** P2, double. */
    @Benchmark
    public double p2Double(DoubleRun run) {
        return run.epoch(P2_BATCH, P2_RATE);
    }

    /** P2, Encog. */
    @Benchmark
    public double p2Encog(EncogRun run) {
        return run.epoch(run.minibatch);
    }

    /** P2, Neuroph. */
    @Benchmark
    public double p2Neuroph(NeurophRun run) {
        return run.epoch(run.minibatch);
    }

    /** P2, Deeplearning4j. */
    @Benchmark
    @Fork(jvmArgsAppend = Systems.NATIVE_ACCESS)
    public double p2Dl4j(Dl4jRun run) {
        return run.epoch(run.minibatch);
    }
}
