package io.chainrule.train;

/** What happened in one epoch. Immutable. */
public final class EpochStats {
    private final int epoch;
    private final int steps;
    private final double learningRate;
    private final double trainLoss;
    private final double meanGradientNorm;
    private final Evaluation trainEvaluation;
    private final Evaluation devEvaluation;
    private final boolean improved;
    private final long nanos;
    private final GradientHealth gradientHealth;

    /**
     * What happened in one epoch; made by {@link Trainer}, and public for trainers built on this
     * package's parts elsewhere (chainrule-spark's local SGD). {@code epoch} from 0.
     */
    public EpochStats(int epoch, int steps, double learningRate, double trainLoss, double meanGradientNorm,
            Evaluation trainEvaluation, Evaluation devEvaluation, boolean improved, long nanos,
            GradientHealth gradientHealth) {
        this.epoch = epoch;
        this.steps = steps;
        this.learningRate = learningRate;
        this.trainLoss = trainLoss;
        this.meanGradientNorm = meanGradientNorm;
        this.trainEvaluation = trainEvaluation;
        this.devEvaluation = devEvaluation;
        this.improved = improved;
        this.nanos = nanos;
        this.gradientHealth = gradientHealth;
    }

    /**
     * Per-layer gradient norms at the last step of the epoch, before clipping; null unless the
     * configuration watches gradients.
     */
    public GradientHealth gradientHealth() {
        return gradientHealth;
    }

    /** The 0-based epoch (progress lines and messages, {@link #toString()} included, count from 1). */
    public int epoch() {
        return epoch;
    }

    /** Optimizer steps (batches) run in this epoch. */
    public int steps() {
        return steps;
    }

    /** The learning rate of this epoch. */
    public double learningRate() {
        return learningRate;
    }

    /**
     * Mean loss per training example as seen during the epoch (each batch's loss before its
     * step), so it lags the weights at the end of the epoch.
     */
    public double trainLoss() {
        return trainLoss;
    }

    /** Training accuracy at the end of the epoch; NaN unless the training set is evaluated or for regression. */
    public double trainAccuracy() {
        return trainEvaluation == null ? Double.NaN : trainEvaluation.accuracy();
    }

    /** Mean over the steps of the global gradient norm of the batch mean, before clipping. */
    public double meanGradientNorm() {
        return meanGradientNorm;
    }

    /**
     * The training set evaluated at the end of the epoch, or null unless
     * {@link TrainerConfig.Builder#evaluateTrainingSet(boolean)} is on.
     */
    public Evaluation trainEvaluation() {
        return trainEvaluation;
    }

    /** The development set evaluated at the end of the epoch, or null without one. */
    public Evaluation devEvaluation() {
        return devEvaluation;
    }

    /** Mean development loss; NaN without a development set. */
    public double devLoss() {
        return devEvaluation == null ? Double.NaN : devEvaluation.meanLoss();
    }

    /** Development accuracy; NaN without a development set or for regression. */
    public double devAccuracy() {
        return devEvaluation == null ? Double.NaN : devEvaluation.accuracy();
    }

    /** True if the development loss is the best so far (by more than the configured minimum delta). */
    public boolean improved() {
        return improved;
    }

    /** Wall-clock time of the epoch, evaluation included, in nanoseconds. */
    public long nanos() {
        return nanos;
    }

    /** For example {@code epoch 3: lr 0.001, train loss 0.1234, dev loss 0.1456, accuracy 0.9667 (30 examples)}. */
    @Override
    public String toString() {
        return "epoch " + (epoch + 1) + ": lr " + Evaluation.round(learningRate) + ", train loss "
                + Evaluation.round(trainLoss) + (devEvaluation == null ? "" : ", dev " + devEvaluation);
    }
}
