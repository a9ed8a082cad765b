package io.chainrule.train;

import io.chainrule.Loss;
import io.chainrule.Model;
import io.chainrule.Precision;
import io.chainrule.data.Dataset;
import java.lang.management.ManagementFactory;

/**
 * Measures the bytes the training inner loop allocates: the epochs of bound
 * {@link TrainingSession}s, after warm-up, covering float and double, labels and targets,
 * minibatches with a short last batch, shuffling, clipping, weight decay, Adam and Nesterov.
 * Run as a program (for example with {@code -Xint}, where escape analysis cannot hide a
 * {@code new}) it prints the count and exits with 0 iff it is 0.
 */
public final class AllocationProbe {
    private static final int WARM_UP_EPOCHS = 3;
    private static final int MEASURED_EPOCHS = 5;

    private AllocationProbe() {
    }

    /** Bytes allocated by the measured epochs of both sessions. */
    static long measure() {
        FloatLinearModel classifier = new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        TrainingSession adam = session(classifier, SyntheticData.blobs(203, 1).toPrecision(Precision.FLOAT),
                new Adam(0.9, 0.999, 1e-8, 1e-4));
        DoubleLinearModel regressor = new DoubleLinearModel(2, 1, Loss.MEAN_SQUARED_ERROR);
        TrainingSession nesterov = session(regressor, SyntheticData.line(203, 2), new Momentum(0.9, true, 1e-4));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = 0;
        for (int epoch = 0; epoch < WARM_UP_EPOCHS + MEASURED_EPOCHS; epoch++) {
            if (epoch == WARM_UP_EPOCHS) {
                threads.getCurrentThreadAllocatedBytes();
                before = threads.getCurrentThreadAllocatedBytes();
            }
            adam.trainEpoch(epoch, 0.01);
            nesterov.trainEpoch(epoch, 0.01);
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private static TrainingSession session(Model model, Dataset train, Optimizer optimizer) {
        model.initialize(1);
        TrainerConfig config = TrainerConfig.builder().batchSize(16).seed(7).optimizer(optimizer)
                .clipGradientNorm(1.0).earlyStopping(1).watchGradients(1e-3, 1e3).build();
        return TrainingSession.open(model, train, config);
    }

    /** Prints {@code allocated bytes: N} and exits with status 0 iff N is 0. */
    public static void main(String[] args) {
        long bytes = measure();
        System.out.println("allocated bytes: " + bytes);
        System.exit(bytes == 0 ? 0 : 1);
    }
}
