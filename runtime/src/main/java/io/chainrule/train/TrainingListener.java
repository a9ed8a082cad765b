package io.chainrule.train;

import java.util.List;

/**
 * Receives training progress, for example to draw a progress bar; every method does nothing by
 * default. Calls come from the training thread. {@link #onStep} is called inside the
 * allocation-free inner loop: keep it cheap and, to keep training allocation-free, do not
 * allocate in it. An exception thrown here stops training and propagates to the caller.
 */
public interface TrainingListener {
    /**
     * An epoch begins.
     *
     * @param epoch 0-based epoch
     * @param steps number of optimizer steps (batches) the epoch will run
     */
    default void onEpochStart(int epoch, int steps) {
    }

    /**
     * One batch was trained on and the optimizer stepped.
     *
     * @param epoch 0-based epoch
     * @param step 0-based step within the epoch
     * @param batchLoss mean loss of the batch's examples, before the step
     */
    default void onStep(int epoch, int step, double batchLoss) {
    }

    /** Vanishing or exploding gradients found at the end of {@code epoch}, each naming its layer. */
    default void onGradientProblems(int epoch, List<String> problems) {
    }

    /** An epoch ended and was evaluated. */
    default void onEpochEnd(EpochStats stats) {
    }

    /** Training ended (after early-stopping restoration and the test evaluation). */
    default void onTrainingEnd(TrainingResult result) {
    }
}
