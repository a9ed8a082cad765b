package io.chainrule.train;

/**
 * How to train: epochs, batch size, shuffling, optimizer, learning-rate schedule, gradient
 * clipping, loss limits, early stopping and a listener. Immutable; build one with {@link #builder()}.
 *
 * <p>The optimizer is an object with state: the trainer re-binds it at the start of every
 * training run, so one configuration must not be used by two trainings at the same time.
 */
public final class TrainerConfig {
    /** The batch size value that means "all training examples in one batch". */
    public static final int FULL_BATCH = 0;

    /** The largest accepted {@link Builder#threads(int)}. */
    public static final int MAX_THREADS = 256;

    /** The default {@link Builder#chunkSize(int)}, in examples. */
    public static final int DEFAULT_CHUNK_SIZE = 32;

    /**
     * The default {@link Builder#maxLossGrowth(double)}: training stops when the running mean loss
     * exceeds 10,000 times the initial training loss (or 10,000 if that loss is below 1).
     */
    public static final double DEFAULT_MAX_LOSS_GROWTH = 1e4;

    /** The default maximum number of epochs. */
    public static final int DEFAULT_EPOCHS = 200;

    /** The default batch size. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    /** The default learning rate (of the default optimizer, {@link Adam}). */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;

    /** The default patience of early stopping, which is on by default when there is a development set. */
    public static final int DEFAULT_PATIENCE = 10;

    /**
     * The default relative improvement threshold of early stopping: a development loss counts as
     * better only when it is below the best so far by more than this fraction of it.
     */
    public static final double DEFAULT_MIN_RELATIVE_DELTA = 1e-3;

    private static final TrainingListener SILENT = new TrainingListener() {
    };

    private final int epochs;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final Optimizer optimizer;
    private final LearningRateSchedule schedule;
    private final double maxGradientNorm;
    private final double vanishingRatio;
    private final double explodingNorm;
    private final double maxLoss;
    private final double maxLossGrowth;
    private final int patience;
    private final boolean patienceByDefault;
    private final double minDelta;
    private final double minRelativeDelta;
    private final boolean restoreBestWeights;
    private final boolean evaluateTrainingSet;
    private final TrainingListener listener;
    private final int threads;
    private final ReplicaFactory replicaFactory;
    private final int chunkSize;

    private TrainerConfig(Builder b) {
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.optimizer = b.optimizer != null ? b.optimizer : new Adam();
        this.schedule = b.schedule;
        this.maxGradientNorm = b.maxGradientNorm;
        this.vanishingRatio = b.vanishingRatio;
        this.explodingNorm = b.explodingNorm;
        this.maxLoss = b.maxLoss;
        this.maxLossGrowth = b.maxLossGrowth;
        this.patience = b.patience;
        this.patienceByDefault = b.patienceByDefault;
        this.minDelta = b.minDelta;
        this.minRelativeDelta = b.minRelativeDelta;
        this.restoreBestWeights = b.restoreBestWeights;
        this.evaluateTrainingSet = b.evaluateTrainingSet;
        this.listener = b.listener;
        this.threads = b.threads;
        this.replicaFactory = b.replicaFactory;
        this.chunkSize = b.chunkSize;
    }

    /**
     * A builder with defaults that train small tabular data well without tuning (measured against
     * scikit-learn's {@code MLPClassifier} on iris, wine, breast cancer and digits; see
     * {@code docs/defaults/} in the repository): {@link Adam} at a constant learning rate of
     * {@value #DEFAULT_LEARNING_RATE}, batch size {@value #DEFAULT_BATCH_SIZE}, at most
     * {@value #DEFAULT_EPOCHS} epochs, shuffling with seed 0; when a development set is given,
     * early stopping with patience {@value #DEFAULT_PATIENCE} and a relative improvement threshold
     * of {@value #DEFAULT_MIN_RELATIVE_DELTA}, restoring the best epoch's weights (without one, all
     * epochs run); no clipping, no training-set evaluation, no listener, one thread; training
     * stops when the running mean loss exceeds {@value #DEFAULT_MAX_LOSS_GROWTH} times the initial
     * loss, with no absolute bound.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Maximum number of epochs. */
    public int epochs() {
        return epochs;
    }

    /** Examples per step; {@link #FULL_BATCH} for the whole training set. */
    public int batchSize() {
        return batchSize;
    }

    /** True if the example order is reshuffled every epoch. */
    public boolean shuffle() {
        return shuffle;
    }

    /** Seed of the shuffling. */
    public long seed() {
        return seed;
    }

    /** The update rule. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** Learning rate per epoch. */
    public LearningRateSchedule schedule() {
        return schedule;
    }

    /** Global gradient-norm bound; {@link Double#POSITIVE_INFINITY} for no clipping. */
    public double maxGradientNorm() {
        return maxGradientNorm;
    }

    /** True if the trainer measures per-layer gradient norms every epoch ({@link Builder#watchGradients}). */
    public boolean watchesGradients() {
        return vanishingRatio > 0;
    }

    /** The ratio to the last layer's gradient norm below which a layer's gradient counts as vanishing. */
    public double vanishingRatio() {
        return vanishingRatio;
    }

    /** The gradient norm above which a layer's gradient counts as exploding. */
    public double explodingNorm() {
        return explodingNorm;
    }

    /**
     * The absolute bound on the running mean loss per example; {@link Double#POSITIVE_INFINITY}
     * (the default) for none. See {@link Builder#maxLoss(double)}.
     */
    public double maxLoss() {
        return maxLoss;
    }

    /**
     * The bound on the running mean loss relative to the initial training loss;
     * {@link Double#POSITIVE_INFINITY} for none. See {@link Builder#maxLossGrowth(double)}.
     */
    public double maxLossGrowth() {
        return maxLossGrowth;
    }

    /** Epochs without development-loss improvement before stopping; 0 for no early stopping. */
    public int patience() {
        return patience;
    }

    /**
     * True if early stopping is on: chosen with {@link Builder#earlyStopping(int)} (then training
     * needs a development set), or by default (then it applies when a development set is given).
     */
    public boolean earlyStopping() {
        return patience > 0;
    }

    /**
     * True if early stopping is on by default rather than chosen: training without a development
     * set then simply runs every epoch.
     */
    public boolean earlyStoppingByDefault() {
        return patienceByDefault && patience > 0;
    }

    /** How much the development loss must fall to count as an improvement. */
    public double minDelta() {
        return minDelta;
    }

    /** The fraction of the best development loss by which a new one must fall to count as an improvement. */
    public double minRelativeDelta() {
        return minRelativeDelta;
    }

    /**
     * True if development loss {@code loss} improves on {@code best}: lower by more than
     * {@link #minDelta()} and by more than {@link #minRelativeDelta()} times {@code |best|}.
     */
    public boolean improves(double loss, double best) {
        if (Double.isInfinite(best)) {
            return loss < best;
        }
        return loss < best - minDelta && loss < best - minRelativeDelta * Math.abs(best);
    }

    /** True if early stopping puts back the weights of the best epoch when training ends. */
    public boolean restoreBestWeights() {
        return restoreBestWeights;
    }

    /** True if the training set is evaluated (loss and accuracy) at the end of each epoch. */
    public boolean evaluateTrainingSet() {
        return evaluateTrainingSet;
    }

    /** The progress listener (a no-op if none was set). */
    public TrainingListener listener() {
        return listener;
    }

    /** Threads that compute each minibatch's gradient (1: the calling thread alone). */
    public int threads() {
        return threads;
    }

    /**
     * Makes the worker threads' model replicas, or null to call the trained model's public
     * no-argument constructor.
     */
    public ReplicaFactory replicaFactory() {
        return replicaFactory;
    }

    /**
     * Examples per chunk: a minibatch's gradient is the sum of its chunks' gradients, added in
     * chunk order (see {@link Builder#chunkSize(int)}).
     */
    public int chunkSize() {
        return chunkSize;
    }

    /** Collects and validates the settings of a {@link TrainerConfig}. */
    public static final class Builder {
        private int epochs = DEFAULT_EPOCHS;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private boolean shuffle = true;
        private long seed;
        private Optimizer optimizer;
        private LearningRateSchedule schedule = LearningRateSchedule.constant(DEFAULT_LEARNING_RATE);
        private double maxGradientNorm = Double.POSITIVE_INFINITY;
        private double vanishingRatio;
        private double explodingNorm = Double.POSITIVE_INFINITY;
        private double maxLoss = Double.POSITIVE_INFINITY;
        private double maxLossGrowth = DEFAULT_MAX_LOSS_GROWTH;
        private int patience = DEFAULT_PATIENCE;
        private boolean patienceByDefault = true;
        private double minDelta;
        private double minRelativeDelta = DEFAULT_MIN_RELATIVE_DELTA;
        private boolean restoreBestWeights = true;
        private boolean evaluateTrainingSet;
        private TrainingListener listener = SILENT;
        private int threads = 1;
        private ReplicaFactory replicaFactory;
        private int chunkSize = DEFAULT_CHUNK_SIZE;

        private Builder() {
        }

        /** Maximum number of epochs, {@code >= 1}. */
        public Builder epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, was " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /**
         * Minibatch gradient descent with {@code batchSize >= 1} examples per step (1 is online
         * learning); the step uses the mean gradient of the batch. A batch size above the
         * training-set size means full batch; the last batch of an epoch may be smaller.
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be at least 1 (use fullBatch() for the whole set), was "
                        + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Batch gradient descent: one step per epoch on the mean gradient of all examples. */
        public Builder fullBatch() {
            this.batchSize = FULL_BATCH;
            return this;
        }

        /** Reshuffle the example order every epoch (default true). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Seed of the shuffling (default 0): same seed, data and initial weights give the same weights. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * The update rule (default {@link Adam} with its usual moments, no weight decay; plain
         * gradient descent is {@link GradientDescent}).
         */
        public Builder optimizer(Optimizer optimizer) {
            if (optimizer == null) {
                throw new IllegalArgumentException("optimizer must not be null");
            }
            this.optimizer = optimizer;
            return this;
        }

        /** A constant learning rate {@code > 0}. */
        public Builder learningRate(double learningRate) {
            this.schedule = LearningRateSchedule.constant(learningRate);
            return this;
        }

        /** A learning-rate schedule. */
        public Builder learningRate(LearningRateSchedule schedule) {
            if (schedule == null) {
                throw new IllegalArgumentException("schedule must not be null");
            }
            this.schedule = schedule;
            return this;
        }

        /** Scale each step's gradients down to global L2 norm {@code maxNorm > 0} when they exceed it. */
        public Builder clipGradientNorm(double maxNorm) {
            if (!(maxNorm > 0)) {
                throw new IllegalArgumentException("maxNorm must be > 0, was " + maxNorm);
            }
            this.maxGradientNorm = maxNorm;
            return this;
        }

        /**
         * Stop after {@code patience >= 1} epochs without a lower development loss (needs a
         * development set); by default the best epoch's weights are then restored.
         */
        public Builder earlyStopping(int patience) {
            if (patience < 1) {
                throw new IllegalArgumentException("patience must be at least 1 epoch, was " + patience);
            }
            this.patience = patience;
            this.patienceByDefault = false;
            return this;
        }

        /** No early stopping: every epoch runs, even with a development set. */
        public Builder noEarlyStopping() {
            this.patience = 0;
            this.patienceByDefault = false;
            return this;
        }

        /** The development loss must fall by more than {@code minDelta >= 0} to count as better (default 0). */
        public Builder minDelta(double minDelta) {
            if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
                throw new IllegalArgumentException("minDelta must be finite and >= 0, was " + minDelta);
            }
            this.minDelta = minDelta;
            return this;
        }

        /**
         * The development loss must fall by more than {@code fraction} (in {@code [0, 1)}) of the best
         * so far to count as better (default {@value TrainerConfig#DEFAULT_MIN_RELATIVE_DELTA}), so a
         * loss that creeps down by a hair each epoch on an easy data set does not keep training going.
         */
        public Builder minRelativeDelta(double fraction) {
            if (!(fraction >= 0 && fraction < 1)) {
                throw new IllegalArgumentException("minRelativeDelta must be in [0, 1), was " + fraction);
            }
            this.minRelativeDelta = fraction;
            return this;
        }

        /** Whether early stopping restores the best epoch's weights at the end (default true). */
        public Builder restoreBestWeights(boolean restore) {
            this.restoreBestWeights = restore;
            return this;
        }

        /** Evaluate the training set after each epoch, for training accuracy (default false: costs a forward pass). */
        public Builder evaluateTrainingSet(boolean evaluate) {
            this.evaluateTrainingSet = evaluate;
            return this;
        }

        /**
         * Measure per-layer gradient norms at the last step of every epoch (before clipping) and
         * report, in {@link EpochStats#gradientHealth()} and to the listener, layers whose gradient
         * norm is below {@code vanishingRatio} times the last layer's or above {@code explodingNorm}.
         */
        public Builder watchGradients(double vanishingRatio, double explodingNorm) {
            if (!(vanishingRatio > 0 && vanishingRatio < 1)) {
                throw new IllegalArgumentException("vanishingRatio must be in (0, 1), was " + vanishingRatio);
            }
            if (!(explodingNorm > 0)) {
                throw new IllegalArgumentException("explodingNorm must be positive, was " + explodingNorm);
            }
            this.vanishingRatio = vanishingRatio;
            this.explodingNorm = explodingNorm;
            return this;
        }

        /**
         * Stop training with a {@link TrainingException} when the running mean loss per example
         * exceeds {@code maxLoss > 0} (default {@link Double#POSITIVE_INFINITY}: no absolute bound).
         * The running mean loss is an exponential moving average of the batches' mean losses over
         * about the last 64 examples (each batch moves it {@code min(1, batch size / 64)} of the way
         * to its own mean; it starts at the initial loss, see {@link #maxLossGrowth}), so a single
         * outlier example does not stop training, but a batch whose loss is orders of magnitude
         * too large does, at once. The check uses the losses each step computes anyway and runs
         * before the step, so the model keeps the weights that produced that loss.
         */
        public Builder maxLoss(double maxLoss) {
            if (!(maxLoss > 0)) {
                throw new IllegalArgumentException("maxLoss must be > 0 (or infinite for no bound), was " + maxLoss);
            }
            this.maxLoss = maxLoss;
            return this;
        }

        /**
         * Stop training with a {@link TrainingException} when the running mean loss per example
         * (see {@link #maxLoss}) exceeds {@code factor > 1} times the initial training loss, or
         * {@code factor} times 1 if that loss is below 1 (default
         * {@value TrainerConfig#DEFAULT_MAX_LOSS_GROWTH}; {@link Double#POSITIVE_INFINITY} switches it
         * off). A loss that grows by orders of magnitude over where training started means the run
         * diverged, even while it stays finite (a learning rate far too high drives the weights, and
         * with them the loss, to 1e20 and beyond); a healthy run's loss stays within a few times its
         * start. The initial loss is the mean loss of the model as given to {@link Trainer#train} on
         * 64 training examples evenly spaced over the set (all of them in a smaller set; examples
         * whose loss is not finite left out), measured once, before the first step. The floor of 1
         * keeps a model that starts near zero loss (a trained model trained further) from being
         * stopped by a loss that is small in absolute terms.
         */
        public Builder maxLossGrowth(double factor) {
            if (!(factor > 1)) {
                throw new IllegalArgumentException("maxLossGrowth must be > 1 (or infinite for no limit), was " + factor);
            }
            this.maxLossGrowth = factor;
            return this;
        }

        /** Receives progress (default: none). */
        public Builder listener(TrainingListener listener) {
            if (listener == null) {
                throw new IllegalArgumentException("listener must not be null");
            }
            this.listener = listener;
            return this;
        }

        /**
         * Data-parallel training on {@code threads} threads (default 1, at most
         * {@link #MAX_THREADS}). The chunks of each minibatch ({@link #chunkSize(int)}) are taken by
         * whichever thread is free: the calling thread computes on the trained model, worker threads
         * on replicas of it (made once per training, by {@link #replicaFactory} or the model's public
         * no-argument constructor, and given the current weights before their first chunk of every
         * step). The chunks' gradients are added in chunk order whichever thread computed them, so the
         * weights are the same bits for any thread count: threads change how fast, not what, a model
         * learns. A batch of one chunk (at most {@code chunkSize} examples) is computed by the calling
         * thread alone. The worker threads are daemons named {@code chainrule-trainer-N-worker-K},
         * started by {@link Trainer#train} and stopped before it returns or throws; none is started
         * when no batch has more than one chunk.
         */
        public Builder threads(int threads) {
            if (threads < 1 || threads > MAX_THREADS) {
                throw new IllegalArgumentException("threads must be between 1 and " + MAX_THREADS + ", was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * How to make the {@code threads - 1} model replicas of multi-threaded training, for a model
         * class without a public no-argument constructor (generated models have one). Each call
         * must return a new model of the trained model's architecture; its weights are overwritten.
         */
        public Builder replicaFactory(ReplicaFactory factory) {
            if (factory == null) {
                throw new IllegalArgumentException("replicaFactory must not be null");
            }
            this.replicaFactory = factory;
            return this;
        }

        /**
         * The chunk size, {@code examples >= 1} (default {@value TrainerConfig#DEFAULT_CHUNK_SIZE}):
         * the gradient of a minibatch of more than {@code examples} examples is computed in chunks of
         * {@code examples} consecutive examples of the epoch's order (the last one shorter), each
         * from zero, and their gradients are added in chunk order, {@code ((g0 + g1) + g2) + ...},
         * then divided by the batch size. The threads of {@link #threads(int)} (or a
         * {@link ChunkComputer}) take whole chunks, so the weights depend on the chunk size, never on
         * the thread count; a batch of at most {@code examples} examples is one chunk, computed as
         * before chunks existed. Smaller chunks let more threads share a batch and bound how long a
         * step waits for a slow thread (one chunk); larger ones read each weight row for more
         * examples at once (the batched path's gain, up to the model's {@code maxBatch}) and add
         * fewer partial gradients.
         */
        public Builder chunkSize(int examples) {
            if (examples < 1) {
                throw new IllegalArgumentException("chunkSize must be at least 1 example, was " + examples);
            }
            this.chunkSize = examples;
            return this;
        }

        /** The configuration. */
        public TrainerConfig build() {
            return new TrainerConfig(this);
        }
    }
}
