package io.chainrule.benchmarks.jmh;

import io.chainrule.FloatModel;
import io.chainrule.benchmarks.MnistFloatLoops;
import io.chainrule.benchmarks.data.SyntheticMnist;
import io.chainrule.data.Dataset;
import io.chainrule.train.Evaluation;
import io.chainrule.train.Evaluator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Evaluating a data set (the loss and the confusion matrix) on the MNIST-shaped network
 * (784-128-10, float, LOOPS), examples per second: {@link Evaluator}, which runs each example
 * forward once ({@code lossAndPredictBatch}), against {@code loss} then {@code predict} on each
 * example, two forward passes, the evaluator's loop before it took {@code lossAndPredictBatch}.
 * The first {@value #EXAMPLES} examples of {@link SyntheticMnist}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EvaluationBenchmark {
    static final int EXAMPLES = 2_048;

    /** The model, its evaluator and the data. */
    @State(Scope.Thread)
    public static class Evaluating {
        FloatModel model;
        Evaluator evaluator;
        Dataset data;
        float[] outputs;

        @Setup(Level.Trial)
        public void setUp() {
            SyntheticMnist mnist = SyntheticMnist.generate();
            float[] x = java.util.Arrays.copyOf(mnist.features, EXAMPLES * SyntheticMnist.FEATURES);
            int[] y = java.util.Arrays.copyOf(mnist.labels, EXAMPLES);
            data = Dataset.ofLabels(x, SyntheticMnist.FEATURES, y, SyntheticMnist.CLASSES);
            model = new MnistFloatLoops();
            model.initialize(Systems.WEIGHT_SEED);
            evaluator = new Evaluator(model);
            outputs = new float[model.outputSize()];
        }
    }

    /** {@link Evaluator#evaluate}: one forward pass per example, in chunks through the batched path. */
    @Benchmark
    @OperationsPerInvocation(EXAMPLES)
    public Evaluation evaluator(Evaluating s) {
        return s.evaluator.evaluate(s.data);
    }

    /** {@code loss}, then {@code predict} and the argmax, on each example: two forward passes. */
    @Benchmark
    @OperationsPerInvocation(EXAMPLES)
    public double lossThenPredict(Evaluating s) {
        float[] x = s.data.floatFeatures();
        int[] labels = s.data.labels();
        double lossSum = 0;
        int correct = 0;
        for (int i = 0; i < EXAMPLES; i++) {
            int offset = i * SyntheticMnist.FEATURES;
            lossSum += s.model.loss(x, offset, labels[i]);
            s.model.predict(x, offset, s.outputs);
            correct += Evaluator.predictedClass(s.model.loss(), s.outputs, s.outputs.length) == labels[i] ? 1 : 0;
        }
        return lossSum + correct;
    }
}
