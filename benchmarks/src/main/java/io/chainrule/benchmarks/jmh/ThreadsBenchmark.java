package io.chainrule.benchmarks.jmh;

import io.chainrule.benchmarks.MnistFloatLoops;
import io.chainrule.benchmarks.data.SyntheticMnist;
import io.chainrule.data.Dataset;
import io.chainrule.train.GradientDescent;
import io.chainrule.train.Trainer;
import io.chainrule.train.TrainerConfig;
import io.chainrule.train.TrainingResult;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Data-parallel training ({@code TrainerConfig.Builder.threads}): workload P3 batch 32 (784-128-10
 * ReLU, softmax cross-entropy, float LOOPS, plain SGD lr 0.05, mean gradient) driven through the
 * public {@link Trainer}, with 1 and 2 threads, in chunks of 8 examples (4 per batch). One operation is
 * one {@code train} call of one
 * epoch over a slice of 4,096 examples of the synthetic MNIST-shaped data (shuffled, seeded), from
 * the same initial weights every time (copied back first: a model trained for hundreds of epochs on
 * one slice drifts into a different, slower state), so every operation does the same work. It
 * includes what a training pays once: opening the session, making the replica and starting and
 * stopping the worker thread (well under 1% of the operation). Scores are examples per second; run
 * with JMH {@code -t 1}, the trainer starts its own worker.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(ThreadsBenchmark.SLICE)
@State(Scope.Thread)
public class ThreadsBenchmark {
    /** Examples per operation. */
    static final int SLICE = 4096;
    private static final int BATCH = 32;
    private static final double RATE = 0.05;

    /** Training threads. */
    @Param({"1", "2"})
    public int threads;

    private MnistFloatLoops model;
    private float[][] initial;
    private Dataset slice;
    private Trainer trainer;

    /** Builds the slice, the model and the trainer once per trial. */
    @Setup(Level.Trial)
    public void setUp() {
        SyntheticMnist data = SyntheticMnist.generate();
        float[] features = Arrays.copyOf(data.features, SLICE * SyntheticMnist.FEATURES);
        int[] labels = Arrays.copyOf(data.labels, SLICE);
        slice = Dataset.ofLabels(features, SyntheticMnist.FEATURES, labels, SyntheticMnist.CLASSES);
        model = new MnistFloatLoops();
        model.initialize(Systems.WEIGHT_SEED);
        float[][] parameters = model.parameterArrays();
        initial = new float[parameters.length][];
        for (int k = 0; k < parameters.length; k++) {
            initial[k] = parameters[k].clone();
        }
        trainer = new Trainer(TrainerConfig.builder().threads(threads).epochs(1).batchSize(BATCH).chunkSize(8)
                .seed(Systems.SHUFFLE_SEED).optimizer(new GradientDescent()).learningRate(RATE).build());
    }

    /** One epoch over the slice; returns the mean training loss. */
    @Benchmark
    public double batch32Float() {
        float[][] parameters = model.parameterArrays();
        for (int k = 0; k < parameters.length; k++) {
            System.arraycopy(initial[k], 0, parameters[k], 0, parameters[k].length);
        }
        TrainingResult result = trainer.train(model, slice);
        return result.lastEpoch().trainLoss();
    }
}
