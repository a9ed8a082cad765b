package io.chainrule.benchmarks;

import io.chainrule.benchmarks.data.SyntheticMnist;
import io.chainrule.data.Dataset;
import io.chainrule.train.GradientDescent;
import io.chainrule.train.Trainer;
import io.chainrule.train.TrainerConfig;
import java.util.Arrays;
import java.util.Locale;

/**
 * The scaling figure of data-parallel training measured so that a shared machine's load hits both
 * sides alike: P3 batch 32 (float LOOPS, SGD lr 0.05), one {@code Trainer.train} epoch over 4,096
 * examples from the same initial weights, with 1 and then 2 threads in alternation, round after
 * round, in chunks of 8 examples; prints the examples per second of each and the median of the
 * per-round ratios (same bits for both: the chunk size, not the thread count, fixes them). The JMH
 * twin is {@code ThreadsBenchmark}, which runs the two thread counts one after the other.
 *
 * <pre>java -cp benchmarks/target/chainrule-benchmarks.jar io.chainrule.benchmarks.ThreadScaling [rounds]</pre>
 */
public final class ThreadScaling {
    private static final int SLICE = 4096;
    private static final int WARM_UP_ROUNDS = 6;

    private ThreadScaling() {
    }

    /** Runs {@code args[0]} (default 9) measured rounds after the warm-up. */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        SyntheticMnist data = SyntheticMnist.generate();
        Dataset slice = Dataset.ofLabels(Arrays.copyOf(data.features, SLICE * SyntheticMnist.FEATURES),
                SyntheticMnist.FEATURES, Arrays.copyOf(data.labels, SLICE), SyntheticMnist.CLASSES);
        MnistFloatLoops model = new MnistFloatLoops();
        model.initialize(42);
        float[][] initial = new float[model.parameterArrays().length][];
        for (int k = 0; k < initial.length; k++) {
            initial[k] = model.parameterArrays()[k].clone();
        }
        Trainer[] trainers = new Trainer[3];
        for (int threads = 1; threads <= 2; threads++) {
            // chunks of 8: a batch of 32 is 4 chunks for the threads to take (one chunk: one thread)
            trainers[threads] = new Trainer(TrainerConfig.builder().threads(threads).epochs(1).batchSize(32)
                    .chunkSize(8).seed(5)
                    .optimizer(new GradientDescent()).learningRate(0.05).build());
        }
        double[][] speed = new double[3][rounds];
        for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
            for (int threads = 1; threads <= 2; threads++) {
                for (int k = 0; k < initial.length; k++) {
                    System.arraycopy(initial[k], 0, model.parameterArrays()[k], 0, initial[k].length);
                }
                long start = System.nanoTime();
                trainers[threads].train(model, slice);
                double seconds = (System.nanoTime() - start) / 1e9;
                if (round >= 0) {
                    speed[threads][round] = SLICE / seconds;
                }
            }
        }
        double[] ratios = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            ratios[round] = speed[2][round] / speed[1][round];
        }
        for (int threads = 1; threads <= 2; threads++) {
            System.out.printf(Locale.ROOT, "%d thread(s): median %.0f examples/s, rounds %s%n", threads,
                    median(speed[threads]), Arrays.toString(round(speed[threads])));
        }
        System.out.printf(Locale.ROOT, "2 threads / 1 thread: median of the rounds' ratios %.2f (%.2f .. %.2f)%n",
                median(ratios), min(ratios), max(ratios));
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double min(double[] values) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : values) {
            m = Math.min(m, v);
        }
        return m;
    }

    static double max(double[] values) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static long[] round(double[] values) {
        long[] r = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            r[i] = Math.round(values[i]);
        }
        return r;
    }
}
