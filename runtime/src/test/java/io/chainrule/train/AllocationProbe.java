package io.chainrule.train;

import io.chainrule.Loss;
import io.chainrule.Model;
import io.chainrule.Precision;
import io.chainrule.data.Dataset;
import java.lang.management.ManagementFactory;

/**
 * Measures the bytes the training inner loop allocates: the epochs of bound
 * {@link TrainingSession}s, after warm-up, covering float and double, labels and targets,
 * minibatches with a short last batch, shuffling, clipping, weight decay, Adam and Nesterov,
 * batches of several chunks on one thread, and a session training on 3 threads (bytes allocated by
 * the training thread and by its workers).
 * Run as a program (for example with {@code -Xint}, where escape analysis cannot hide a
 * {@code new}) it prints the count and exits with 0 iff it is 0.
 *
 * <p>The count is the smallest over up to {@value #WINDOWS} windows of {@value #MEASURED_EPOCHS}
 * epochs. A {@code new} on the training path allocates in every window. C2's deoptimisations do
 * not: the deoptimising thread allocates a few Strings (seen with JFR and {@code -XX:-UseTLAB},
 * inside the model's compiled loops), now and then while the compiled code settles, in the
 * single-threaded sessions as much as on the worker threads; never with {@code -Xint} or C1.
 */
public final class AllocationProbe {
    private static final int WARM_UP_EPOCHS = 3;
    private static final int MEASURED_EPOCHS = 5;
    private static final int WINDOWS = 4;

    private AllocationProbe() {
    }

    /** Bytes allocated by the measured epochs of the sessions, on the calling thread and the workers. */
    static long measure() {
        FloatLinearModel classifier = new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        TrainingSession adam = session(classifier, SyntheticData.blobs(203, 1).toPrecision(Precision.FLOAT),
                new Adam(0.9, 0.999, 1e-8, 1e-4));
        DoubleLinearModel regressor = new DoubleLinearModel(2, 1, Loss.MEAN_SQUARED_ERROR);
        TrainingSession nesterov = session(regressor, SyntheticData.line(203, 2), new Momentum(0.9, true, 1e-4), 1, 5);
        FloatLinearModel wide = new FloatLinearModel(8, 5, Loss.SOFTMAX_CROSS_ENTROPY);
        TrainingSession parallel = session(wide, wide(203), new Adam(0.9, 0.999, 1e-8, 1e-4), 3, 4);
        try {
            Thread[] workers = ((ParallelGradients) parallel.engine).workers();
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            int epoch = 0;
            for (; epoch < WARM_UP_EPOCHS; epoch++) {
                adam.trainEpoch(epoch, 0.01);
                nesterov.trainEpoch(epoch, 0.01);
                parallel.trainEpoch(epoch, 0.01);
            }
            threads.getCurrentThreadAllocatedBytes();
            allocatedBy(threads, workers);
            long least = Long.MAX_VALUE;
            for (int window = 0; window < WINDOWS && least > 0; window++) {
                long workersBefore = allocatedBy(threads, workers);
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int end = epoch + MEASURED_EPOCHS; epoch < end; epoch++) {
                    adam.trainEpoch(epoch, 0.01);
                    nesterov.trainEpoch(epoch, 0.01);
                    parallel.trainEpoch(epoch, 0.01);
                }
                long training = threads.getCurrentThreadAllocatedBytes() - before;
                least = Math.min(least, training + allocatedBy(threads, workers) - workersBefore);
            }
            return least;
        } finally {
            parallel.close();
        }
    }

    /** Bytes allocated so far by the worker threads (index 0 is the training thread: skipped). */
    private static long allocatedBy(com.sun.management.ThreadMXBean threads, Thread[] workers) {
        long sum = 0;
        for (int k = 1; k < workers.length; k++) {
            sum += threads.getThreadAllocatedBytes(workers[k].getId());
        }
        return sum;
    }

    /** 8 features, 3 classes by the sign pattern of the first two; mostly noise otherwise. */
    private static Dataset wide(int n) {
        java.util.Random random = new java.util.Random(3);
        float[] x = new float[n * 8];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 8; j++) {
                x[i * 8 + j] = (float) (random.nextDouble() * 2 - 1);
            }
            y[i] = x[i * 8] > 0 ? (x[i * 8 + 1] > 0 ? 2 : 1) : 0;
        }
        return Dataset.ofLabels(x, 8, y, 5);
    }

    private static TrainingSession session(Model model, Dataset train, Optimizer optimizer) {
        return session(model, train, optimizer, 1, TrainerConfig.DEFAULT_CHUNK_SIZE);
    }

    private static TrainingSession session(Model model, Dataset train, Optimizer optimizer, int threads, int chunk) {
        model.initialize(1);
        TrainerConfig config = TrainerConfig.builder().batchSize(16).chunkSize(chunk).seed(7).optimizer(optimizer)
                .clipGradientNorm(1.0).earlyStopping(1).watchGradients(1e-3, 1e3).threads(threads)
                .replicaFactory(() -> new FloatLinearModel(8, 5, Loss.SOFTMAX_CROSS_ENTROPY)).build();
        return TrainingSession.open(model, train, config);
    }

    /** Prints {@code allocated bytes: N} and exits with status 0 iff N is 0. */
    public static void main(String[] args) {
        long bytes = measure();
        System.out.println("allocated bytes: " + bytes);
        System.exit(bytes == 0 ? 0 : 1);
    }
}
