package io.chainrule.train;

/**
 * The learning rate {@code η} as a function of the 0-based epoch. Subclass it for a custom
 * schedule; the factories below cover the usual ones. Implementations must be pure functions of
 * the epoch, so that training stays reproducible.
 */
public abstract class LearningRateSchedule {
    /** For subclasses. */
    protected LearningRateSchedule() {
    }

    /** The learning rate for epoch {@code epoch} (0 is the first). */
    public abstract double learningRate(int epoch);

    /** {@code η} at every epoch. */
    public static LearningRateSchedule constant(double learningRate) {
        return new StepDecay(requirePositive("learningRate", learningRate), 1.0, Integer.MAX_VALUE);
    }

    /**
     * Step decay: {@code η gamma^floor(epoch / stepSize)}, for example {@code stepDecay(0.1, 0.5, 10)}
     * halves the rate every 10 epochs.
     *
     * @param gamma factor in {@code (0, 1]}
     * @param stepSize epochs between decays, {@code >= 1}
     */
    public static LearningRateSchedule stepDecay(double learningRate, double gamma, int stepSize) {
        requirePositive("learningRate", learningRate);
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("gamma must be in (0, 1], was " + gamma);
        }
        if (stepSize < 1) {
            throw new IllegalArgumentException("stepSize must be at least 1 epoch, was " + stepSize);
        }
        return new StepDecay(learningRate, gamma, stepSize);
    }

    /**
     * Cosine annealing from {@code η} at epoch 0 to {@code minLearningRate} at epoch
     * {@code totalEpochs}: {@code min + (η − min) (1 + cos(π epoch / totalEpochs)) / 2}, and
     * {@code min} after that.
     *
     * @param minLearningRate in {@code [0, η]}
     * @param totalEpochs length of the annealing, {@code >= 1}
     */
    public static LearningRateSchedule cosine(double learningRate, double minLearningRate, int totalEpochs) {
        requirePositive("learningRate", learningRate);
        if (!(minLearningRate >= 0 && minLearningRate <= learningRate)) {
            throw new IllegalArgumentException("minLearningRate must be in [0, " + learningRate + "], was "
                    + minLearningRate);
        }
        if (totalEpochs < 1) {
            throw new IllegalArgumentException("totalEpochs must be at least 1, was " + totalEpochs);
        }
        return new Cosine(learningRate, minLearningRate, totalEpochs);
    }

    static double requirePositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, was " + value);
        }
        return value;
    }

    static void requireEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch is 0-based, was " + epoch);
        }
    }

    private static final class StepDecay extends LearningRateSchedule {
        private final double learningRate;
        private final double gamma;
        private final int stepSize;

        StepDecay(double learningRate, double gamma, int stepSize) {
            this.learningRate = learningRate;
            this.gamma = gamma;
            this.stepSize = stepSize;
        }

        @Override
        public double learningRate(int epoch) {
            requireEpoch(epoch);
            return learningRate * StrictMath.pow(gamma, epoch / stepSize);
        }

        @Override
        public String toString() {
            return gamma == 1.0 ? "constant(" + learningRate + ")"
                    : "stepDecay(" + learningRate + ", " + gamma + ", " + stepSize + ")";
        }
    }

    private static final class Cosine extends LearningRateSchedule {
        private final double learningRate;
        private final double minLearningRate;
        private final int totalEpochs;

        Cosine(double learningRate, double minLearningRate, int totalEpochs) {
            this.learningRate = learningRate;
            this.minLearningRate = minLearningRate;
            this.totalEpochs = totalEpochs;
        }

        @Override
        public double learningRate(int epoch) {
            requireEpoch(epoch);
            if (epoch >= totalEpochs) {
                return minLearningRate;
            }
            double cos = StrictMath.cos(Math.PI * epoch / totalEpochs);
            return minLearningRate + (learningRate - minLearningRate) * (1.0 + cos) / 2.0;
        }

        @Override
        public String toString() {
            return "cosine(" + learningRate + ", " + minLearningRate + ", " + totalEpochs + ")";
        }
    }
}
