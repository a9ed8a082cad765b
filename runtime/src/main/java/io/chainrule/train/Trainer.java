package io.chainrule.train;

import io.chainrule.Model;
import io.chainrule.data.Dataset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Trains a {@link io.chainrule.FloatModel} or {@link io.chainrule.DoubleModel} by gradient
 * descent: full-batch, online or minibatch (the mean gradient of each batch), for a number of
 * epochs, reshuffling every epoch; evaluates a development set after each epoch, stops early when
 * it stops improving, and evaluates a test set at the end.
 *
 * <p>The trainer does not initialise the model: call {@code model.initialize(seed)} (or load
 * weights) first; a model whose parameters are all zero (never initialised nor loaded: training
 * could not break the symmetry between its units) is refused. With the same initial weights, data and configuration, training gives
 * bit-identical weights. The steps of an epoch allocate nothing; per-epoch bookkeeping (the
 * evaluations and {@link EpochStats}) does. The trainer prints nothing: progress goes to the
 * configured {@link TrainingListener}.
 *
 * <p>Training health: before the first step the trainer rejects data sets holding NaN or infinite
 * values, and measures the initial training loss; every step then checks its batch's loss (which
 * it computes anyway) and gradient norm, and stops with a {@link TrainingException} naming epoch,
 * step and layer when either is not finite or the running mean loss exceeds the configured limit
 * (by default {@value TrainerConfig#DEFAULT_MAX_LOSS_GROWTH} times the initial loss: a diverging run).
 *
 * <p>A minibatch of more than {@link TrainerConfig#chunkSize()} examples is computed in chunks whose
 * gradients are added in chunk order. With {@link TrainerConfig.Builder#threads(int) threads(n)},
 * n > 1, the chunks are computed by n threads on the model and n - 1 replicas of it (data
 * parallelism), each thread taking the next chunk when it is free; the weights are the same bits
 * for any n. The worker threads live for one {@code train} call. A {@link ChunkComputer} can
 * compute the chunks elsewhere instead (a cluster), with the same bits again.
 */
public final class Trainer {
    private final TrainerConfig config;
    private final ChunkComputer computer;

    /** A trainer with configuration {@code config}. */
    public Trainer(TrainerConfig config) {
        this(config, null, false);
    }

    /**
     * A trainer with configuration {@code config} whose batches of more than one chunk are
     * computed by {@code computer} instead of the trainer's threads ({@link TrainerConfig#threads()}
     * is then not used). The weights are the same bits as with the trainer's own threads.
     */
    public Trainer(TrainerConfig config, ChunkComputer computer) {
        this(config, computer, true);
    }

    private Trainer(TrainerConfig config, ChunkComputer computer, boolean needsComputer) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        if (needsComputer && computer == null) {
            throw new IllegalArgumentException("computer must not be null");
        }
        this.config = config;
        this.computer = computer;
    }

    /** The configuration. */
    public TrainerConfig config() {
        return config;
    }

    /** Trains on {@code train} without development or test set. */
    public TrainingResult train(Model model, Dataset train) {
        return train(model, train, null, null);
    }

    /** Trains on {@code train}, evaluating {@code dev} after every epoch. */
    public TrainingResult train(Model model, Dataset train, Dataset dev) {
        return train(model, train, dev, null);
    }

    /**
     * Trains {@code model} on {@code train}.
     *
     * @param dev development set evaluated after every epoch (drives early stopping), or null
     * @param test test set evaluated once with the final weights, or null
     * @throws IllegalArgumentException if a data set does not fit the model (precision, feature
     *     count, labels or targets, class count) or holds a NaN or infinite value (the message names
     *     the set, the example and the feature or target), or early stopping is on without a
     *     development set; nothing has been trained then
     * @throws TrainingException if a loss or gradient becomes NaN or infinite, or the loss of a
     *     batch exceeds the configured limit ({@link TrainerConfig#maxLoss()},
     *     {@link TrainerConfig#maxLossGrowth()}); the model keeps the weights of the step before
     */
    public TrainingResult train(Model model, Dataset train, Dataset dev, Dataset test) {
        DatasetChecks.check(model, train, "training set");
        DatasetChecks.checkValues(train, "training set");
        if (dev != null) {
            DatasetChecks.check(model, dev, "development set");
            DatasetChecks.checkValues(dev, "development set");
        } else if (config.earlyStopping() && !config.earlyStoppingByDefault()) {
            throw new IllegalArgumentException("early stopping (patience " + config.patience()
                    + ") needs a development set");
        }
        if (test != null) {
            DatasetChecks.check(model, test, "test set");
            DatasetChecks.checkValues(test, "test set");
        }
        checkInitialized(model);
        TrainingSession session = TrainingSession.open(model, train, config, computer);
        try {
            return train(session, model, train, dev, test);
        } finally {
            session.close();
        }
    }

    /** Refuses a model whose parameters are all zero: one that was never initialised or loaded. */
    private static void checkInitialized(Model model) {
        if (model instanceof io.chainrule.FloatModel) {
            for (float[] array : ((io.chainrule.FloatModel) model).parameterArrays()) {
                for (float v : array) {
                    if (v != 0) {
                        return;
                    }
                }
            }
        } else {
            for (double[] array : ((io.chainrule.DoubleModel) model).parameterArrays()) {
                for (double v : array) {
                    if (v != 0) {
                        return;
                    }
                }
            }
        }
        throw new IllegalArgumentException("the model's " + model.parameterCount() + " parameters are all 0: it was"
                + " never initialised or loaded, and from all-zero weights every unit of a layer learns the same"
                + " thing; call model.initialize(seed) or load a model file before training");
    }

    private TrainingResult train(TrainingSession session, Model model, Dataset train, Dataset dev, Dataset test) {
        Evaluator evaluator = new Evaluator(model);
        TrainingListener listener = config.listener();
        List<EpochStats> history = new ArrayList<EpochStats>();
        int bestEpoch = -1;
        double bestLoss = Double.POSITIVE_INFINITY;
        boolean stoppedEarly = false;
        boolean earlyStopping = config.earlyStopping() && dev != null;
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            long start = System.nanoTime();
            double learningRate = config.schedule().learningRate(epoch);
            listener.onEpochStart(epoch, session.steps());
            double trainLoss = session.trainEpoch(epoch, learningRate);
            Evaluation trainEvaluation = config.evaluateTrainingSet() ? evaluator.evaluate(train, "training set") : null;
            Evaluation devEvaluation = dev != null ? evaluator.evaluate(dev, "development set") : null;
            boolean improved = devEvaluation != null && config.improves(devEvaluation.meanLoss(), bestLoss);
            if (improved) {
                bestEpoch = epoch;
                bestLoss = devEvaluation.meanLoss();
                if (earlyStopping && config.restoreBestWeights()) {
                    session.saveParameters();
                }
            }
            GradientHealth health = session.gradientHealth();
            if (health != null) {
                List<String> problems = health.problems(config.vanishingRatio(), config.explodingNorm());
                if (!problems.isEmpty()) {
                    listener.onGradientProblems(epoch, problems);
                }
            }
            EpochStats stats = new EpochStats(epoch, session.steps(), learningRate, trainLoss,
                    session.meanGradientNorm(), trainEvaluation, devEvaluation, improved, System.nanoTime() - start,
                    health);
            history.add(stats);
            listener.onEpochEnd(stats);
            if (earlyStopping && epoch - bestEpoch >= config.patience()) {
                stoppedEarly = epoch + 1 < config.epochs();
                break;
            }
        }
        int lastEpoch = history.size() - 1;
        boolean restore = earlyStopping && config.restoreBestWeights() && bestEpoch >= 0
                && bestEpoch != lastEpoch;
        if (restore) {
            session.restoreParameters();
        }
        Evaluation testEvaluation = test != null ? evaluator.evaluate(test, "test set") : null;
        TrainingResult result = new TrainingResult(Collections.unmodifiableList(history), bestEpoch, stoppedEarly,
                restore, testEvaluation);
        listener.onTrainingEnd(result);
        return result;
    }
}
