package io.chainrule.train;

import java.util.List;

/** The outcome of {@link Trainer#train}: per-epoch history, best epoch, early stopping, test metrics. */
public final class TrainingResult {
    private final List<EpochStats> history;
    private final int bestEpoch;
    private final boolean stoppedEarly;
    private final boolean restoredBestWeights;
    private final Evaluation testEvaluation;

    /**
     * The outcome of a training; made by {@link Trainer}, and public for trainers built on this
     * package's parts elsewhere (chainrule-spark's local SGD).
     */
    public TrainingResult(List<EpochStats> history, int bestEpoch, boolean stoppedEarly, boolean restoredBestWeights,
            Evaluation testEvaluation) {
        this.history = history;
        this.bestEpoch = bestEpoch;
        this.stoppedEarly = stoppedEarly;
        this.restoredBestWeights = restoredBestWeights;
        this.testEvaluation = testEvaluation;
    }

    /** One entry per epoch run, in order (unmodifiable). */
    public List<EpochStats> history() {
        return history;
    }

    /** Number of epochs run. */
    public int epochsRun() {
        return history.size();
    }

    /** The last epoch's statistics. */
    public EpochStats lastEpoch() {
        return history.get(history.size() - 1);
    }

    /** The 0-based epoch with the lowest development loss; -1 without a development set. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** True if early stopping ended training before the configured number of epochs. */
    public boolean stoppedEarly() {
        return stoppedEarly;
    }

    /** True if the model's weights were reset to those after {@link #bestEpoch()}. */
    public boolean restoredBestWeights() {
        return restoredBestWeights;
    }

    /** The test set evaluated with the final weights, or null without a test set. */
    public Evaluation testEvaluation() {
        return testEvaluation;
    }
}
