package io.chainrule.train;

import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Model;
import io.chainrule.Precision;
import io.chainrule.data.Dataset;
import java.util.Locale;
import java.util.Random;

/**
 * The inner loop of training one model on one training set: everything it needs is allocated
 * when the session is opened, so {@link #trainEpoch(int, double)} allocates nothing. The
 * precision-specific parts (feeding examples, gradient arithmetic, weight snapshots) are in the
 * float and double subclasses, chosen once by {@link #open}.
 *
 * <p>Every step checks what it computes anyway: the batch's loss (not finite), the running mean
 * loss (above the limit set at opening from {@link TrainerConfig#maxLoss()} and
 * {@link TrainerConfig#maxLossGrowth()}) and the gradient norm (not finite), and throws a
 * {@link TrainingException} before the optimizer step. Only the messages, built when training
 * fails, look further (and allocate).
 */
abstract class TrainingSession {
    /** The initial loss is measured on at most this many training examples, evenly spaced. */
    static final int INITIAL_LOSS_EXAMPLES = 64;

    /**
     * The running mean loss is an exponential moving average over about this many examples: each
     * batch of {@code count} examples moves it by {@code min(1, count / LOSS_WINDOW)} of the way
     * to its own mean loss, so one outlier example weighs 1/64, and a batch of 64 or more is its
     * own window.
     */
    static final int LOSS_WINDOW = 64;

    final Model model;
    private final Dataset train;
    private final Optimizer optimizer;
    private final TrainingListener listener;
    private final int size;
    private final int batchSize;
    private final int chunkSize;
    private final int steps;
    private final boolean shuffle;
    private final double maxGradientNorm;
    final int[] order;
    private final Random random;
    private final double[] weightNorms;
    private final double[] outputNorms;
    private int globalStep;
    private double gradientNormSum;
    /** A running mean loss per example above this stops training; +inf for no limit. */
    private double lossLimit = Double.POSITIVE_INFINITY;
    /** The mean loss per example over about the last {@link #LOSS_WINDOW} examples (from the initial loss). */
    private double runningLoss;
    /** The absolute part of {@link #lossLimit}, and the relative part: factor, initial loss (NaN if not measured). */
    private double maxLoss = Double.POSITIVE_INFINITY;
    private double maxLossGrowth = Double.POSITIVE_INFINITY;
    private double initialLoss = Double.NaN;
    /**
     * Computes the batches of two or more chunks: the trainer's threads ({@link ParallelGradients})
     * or a {@link ChunkComputer}; null when no batch has more than one chunk.
     */
    ChunkEngine engine;

    /**
     * A session training {@code model}, or with a {@code primary} session, a replica session that
     * only computes gradients: it shares the primary's example order and binds no optimizer.
     */
    TrainingSession(Model model, Dataset train, TrainerConfig config, TrainingSession primary) {
        this.model = model;
        this.train = train;
        this.optimizer = config.optimizer();
        this.listener = config.listener();
        this.size = train.size();
        int b = config.batchSize();
        this.batchSize = b == TrainerConfig.FULL_BATCH || b > size ? size : b;
        this.chunkSize = config.chunkSize();
        this.steps = (size + batchSize - 1) / batchSize;
        this.shuffle = config.shuffle();
        this.maxGradientNorm = config.maxGradientNorm();
        if (primary != null) {
            this.order = primary.order;
            this.random = null;
            this.weightNorms = null;
            this.outputNorms = null;
            return;
        }
        this.order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        this.random = new Random(config.seed());
        this.weightNorms = config.watchesGradients() ? new double[model.layerCount() + 1] : null;
        this.outputNorms = config.watchesGradients() ? new double[model.layerCount() + 1] : null;
        optimizer.bind(model);
    }

    /**
     * Checks {@code train} against {@code model}, binds the optimizer and allocates the session;
     * when a batch can have more than one chunk, also the chunk engine: with a {@code computer},
     * one over it (which it opens), else the trainer's own threads (with
     * {@code config.threads() > 1} it makes the replicas and starts the worker threads), which
     * {@link #close()} stops. Call on the thread that will train.
     */
    static TrainingSession open(Model model, Dataset train, TrainerConfig config) {
        return open(model, train, config, null);
    }

    /** See {@link #open(Model, Dataset, TrainerConfig)}; {@code computer} may be null. */
    static TrainingSession open(Model model, Dataset train, TrainerConfig config, ChunkComputer computer) {
        DatasetChecks.check(model, train, "training set");
        boolean snapshots = config.earlyStopping() && config.restoreBestWeights();
        TrainingSession session;
        if (model.precision() == Precision.FLOAT) {
            session = new FloatTrainingSession((FloatModel) model, train, config, snapshots, null);
        } else {
            session = new DoubleTrainingSession((DoubleModel) model, train, config, snapshots, null);
        }
        session.setLossLimit(config);
        int maxChunks = (session.batchSize + session.chunkSize - 1) / session.chunkSize;
        if (computer != null) {
            session.engine = new RemoteChunks(session, computer, train, config, parameterArrayLengths(model));
        } else if (maxChunks > 1) {
            session.engine = ParallelGradients.start(session, train, config, parameterArrayLengths(model), maxChunks);
        }
        return session;
    }

    /**
     * Sets the loss limit: {@code maxLoss}, and {@code maxLossGrowth} times the initial loss (at
     * least 1), measured now, with the weights training starts from; the running mean loss starts
     * there. Without a finite initial loss (every example sampled overflows), there is no relative
     * limit: the steps report the losses that are not finite.
     */
    private void setLossLimit(TrainerConfig config) {
        maxLoss = config.maxLoss();
        lossLimit = maxLoss;
        if (maxLoss < Double.POSITIVE_INFINITY || config.maxLossGrowth() < Double.POSITIVE_INFINITY) {
            initialLoss = initialLoss();
            runningLoss = Gradients.isFinite(initialLoss) ? initialLoss : 0;
            if (config.maxLossGrowth() < Double.POSITIVE_INFINITY && Gradients.isFinite(initialLoss)) {
                maxLossGrowth = config.maxLossGrowth();
                lossLimit = Math.min(maxLoss, maxLossGrowth * Math.max(initialLoss, 1));
            }
        }
    }

    /**
     * The mean of the finite losses of {@link #INITIAL_LOSS_EXAMPLES} training examples, evenly
     * spaced (all of them in a smaller set); NaN if none is finite.
     */
    private double initialLoss() {
        int n = Math.min(size, INITIAL_LOSS_EXAMPLES);
        double sum = 0;
        int finite = 0;
        for (int k = 0; k < n; k++) {
            double loss = exampleLoss((int) ((long) k * size / n));
            if (Gradients.isFinite(loss)) {
                sum += loss;
                finite++;
            }
        }
        return finite > 0 ? sum / finite : Double.NaN;
    }

    /** A replica session computing gradients on {@code replica} for {@code primary}'s worker threads. */
    static TrainingSession openReplica(Model replica, Dataset train, TrainerConfig config, TrainingSession primary) {
        if (replica.precision() == Precision.FLOAT) {
            return new FloatTrainingSession((FloatModel) replica, train, config, false, primary);
        }
        return new DoubleTrainingSession((DoubleModel) replica, train, config, false, primary);
    }

    /** The lengths of {@code model}'s parameter arrays, in order. */
    static int[] parameterArrayLengths(Model model) {
        int[] lengths = new int[model.parameterArrayCount()];
        for (int k = 0; k < lengths.length; k++) {
            lengths[k] = model.precision() == Precision.FLOAT ? ((FloatModel) model).parameterArrays()[k].length
                    : ((DoubleModel) model).parameterArrays()[k].length;
        }
        return lengths;
    }

    /** Stops the worker threads of multi-threaded training, if any, or closes the chunk computer. */
    final void close() {
        if (engine != null) {
            engine.close();
        }
    }

    /** Optimizer steps per epoch. */
    final int steps() {
        return steps;
    }

    /**
     * One epoch: reshuffle, then for each batch zero the gradients, accumulate the examples'
     * gradients, take their mean, check it and the loss, clip it and step the optimizer. A batch of
     * more than one chunk is computed chunk by chunk by the {@link ChunkEngine}, which also takes
     * the mean. Allocates nothing.
     *
     * @return the mean loss per example over the epoch
     * @throws TrainingException if a loss or gradient is NaN or infinite, or the running mean loss
     *     is above the loss limit; before that batch's step
     */
    final double trainEpoch(int epoch, double learningRate) {
        if (shuffle) {
            for (int i = size - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        double lossSum = 0;
        gradientNormSum = 0;
        for (int step = 0; step < steps; step++) {
            int from = step * batchSize;
            int count = Math.min(batchSize, size - from);
            boolean split = count > chunkSize;
            double batchLoss = split ? engine.compute(from, from + count) : accumulate(from, from + count);
            if (!Gradients.isFinite(batchLoss)) {
                throw lossFailure(epoch, step, batchLoss, from, count);
            }
            if (count > 1 && !split) {
                scaleGradients(1.0 / count);
            }
            double norm = Math.sqrt(split ? engine.squaredNorm() : squaredGradientNorm());
            if (!Gradients.isFinite(norm)) {
                throw gradientFailure(epoch, step, norm);
            }
            runningLoss += Math.min(1.0, count * (1.0 / LOSS_WINDOW)) * (batchLoss / count - runningLoss);
            if (runningLoss > lossLimit) {
                throw lossLimitFailure(epoch, step, batchLoss / count, from, count);
            }
            if (weightNorms != null && step == steps - 1) {
                GradientHealth.measure(model, weightNorms, outputNorms);
                if (split) {
                    // dL/dh of the batch's last example is in the model that computed the last chunk
                    engine.measureOutputs(outputNorms);
                }
            }
            double clip = norm > maxGradientNorm ? maxGradientNorm / norm : 1.0;
            globalStep++;
            if (!split || !engine.step(optimizer, learningRate, globalStep, clip)) {
                if (clip != 1.0) {
                    scaleGradients(clip);
                }
                optimizer.step(model, learningRate, globalStep);
            }
            lossSum += batchLoss;
            gradientNormSum += norm;
            listener.onStep(epoch, step, batchLoss / count);
        }
        return lossSum / size;
    }

    /** The per-layer gradient norms of the last epoch's last step, or null if not watched. */
    final GradientHealth gradientHealth() {
        return weightNorms == null ? null : GradientHealth.copyOf(weightNorms, outputNorms);
    }

    /** Mean global gradient norm (before clipping) over the steps of the last epoch. */
    final double meanGradientNorm() {
        return gradientNormSum / steps;
    }

    /**
     * Zeroes the gradients, then adds the gradients of the examples {@code order[from .. to)}.
     *
     * @return the sum of their losses
     */
    final double accumulate(int from, int to) {
        model.zeroGradients();
        return accumulateOnto(from, to);
    }

    /**
     * Adds the gradients of the examples {@code order[from .. to)} to the gradient arrays (by the
     * batched path for two or more examples).
     *
     * @return the sum of their losses
     */
    abstract double accumulateOnto(int from, int to);

    /** The loss of training example {@code i} with the current weights (a forward pass; no gradient). */
    abstract double exampleLoss(int i);

    /** The first parameter array holding a NaN or infinite value, or -1. */
    abstract int firstNonFiniteParameterArray();

    abstract double squaredGradientNorm();

    /** The model's gradient arrays ({@code float[][]} or {@code double[][]}). */
    abstract Object gradientBuffer();

    /** New zero arrays shaped as the gradient arrays. */
    abstract Object newGradientBuffer();

    /** {@link ChunkFolds#first}: {@code acc = g}, then {@code g = 0} if {@code clear}. */
    abstract void foldFirst(Object acc, Object g, boolean clear);

    /** {@link ChunkFolds#add}: {@code acc += g}, then {@code g = 0} if {@code clear}. */
    abstract void foldAdd(Object acc, Object g, boolean clear);

    /**
     * {@link ChunkFolds#last(float[][], float[][], float[][], double, int, int, double[])}: this
     * model's gradient arrays {@code from .. to - 1} become {@code (acc + g) * factor}, their squared
     * norms written into {@code norms}.
     */
    abstract void foldLast(Object acc, Object g, double factor, int from, int to, double[] norms);

    /** Parks a chunk: {@code buffer = g; g = 0}. */
    final void park(Object g, Object buffer) {
        foldFirst(buffer, g, true);
    }

    /** Copies {@code primary}'s parameters into this (replica) session's model. */
    abstract void pullParameters(TrainingSession primary);

    abstract void scaleGradients(double factor);

    /** Scales the gradient arrays {@code from .. to - 1}. */
    abstract void scaleGradients(double factor, int from, int to);

    /** See {@link Gradients#firstNonFiniteArray(float[][])}. */
    abstract int firstNonFiniteGradientArray();

    /** Copies the parameters into the snapshot allocated at opening. */
    abstract void saveParameters();

    /** Copies the snapshot back into the parameters. */
    abstract void restoreParameters();

    /** Where a failure happened, as the messages say it: epochs and steps from 1, as progress counts. */
    private String at(int epoch, int step, int from, int count) {
        return "at epoch " + (epoch + 1) + ", step " + (step + 1) + " of " + steps + " (examples " + from + ".."
                + (from + count - 1) + " of the epoch's order)";
    }

    private TrainingException lossFailure(int epoch, int step, double loss, int from, int count) {
        int layer = model.layerCount();
        return new TrainingException("loss is " + loss + " " + at(epoch, step, from, count) + ", in the loss ("
                + model.loss().label() + ") of output layer " + layer + "; " + lossCause(from, count),
                epoch, step, layer);
    }

    /**
     * Why the batch {@code order[from .. from + count)} has a loss that is not finite: the first
     * example whose own loss is not (recomputed: the weights have not stepped since), and what is
     * not finite about it.
     */
    private String lossCause(int from, int count) {
        String advice = "lower the learning rate or clip gradients (clipGradientNorm)";
        int example = -1;
        double loss = 0;
        for (int r = from; r < from + count && example < 0; r++) {
            loss = exampleLoss(order[r]);
            if (!Gradients.isFinite(loss)) {
                example = order[r];
            }
        }
        if (example < 0) {
            return "each example's loss is finite but their sum overflows; " + advice;
        }
        String which = "example " + example + " of the training set has loss " + loss;
        for (int j = 0; j < train.featureCount(); j++) {
            double v = train.feature(example, j);
            if (!Gradients.isFinite(v)) {
                return which + ": its feature " + j + " is " + v
                        + " (changed after training started: the data were finite when it started)";
            }
        }
        for (int t = 0; t < train.targetSize(); t++) {
            double v = train.target(example, t);
            if (!Gradients.isFinite(v)) {
                return which + ": its target " + t + " is " + v
                        + " (changed after training started: the data were finite when it started)";
            }
        }
        int array = firstNonFiniteParameterArray();
        if (array >= 0) {
            return which + ": the weights of layer " + model.layerOfParameterArray(array)
                    + " are not finite (overflowed by an earlier step, or so when training started); " + advice;
        }
        return which + " although its values are finite: the forward pass overflows on it (weights grown too"
                + " large, or values of very large magnitude); " + advice + ", or scale the features";
    }

    private TrainingException gradientFailure(int epoch, int step, double norm) {
        int array = firstNonFiniteGradientArray();
        int layer = model.layerOfParameterArray(array);
        String what = Double.isNaN(norm) ? "NaN" : "infinite (or its squared norm overflows)";
        return new TrainingException("gradient of layer " + layer + " (parameter array " + array + ") is " + what
                + " at epoch " + (epoch + 1) + ", step " + (step + 1) + " of " + steps
                + "; lower the learning rate or clip gradients (clipGradientNorm)", epoch, step, layer);
    }

    /** The running mean loss above the loss limit: names the layer with the largest gradient. */
    private TrainingException lossLimitFailure(int epoch, int step, double loss, int from, int count) {
        double[] norms = new double[model.layerCount() + 1];
        GradientHealth.measureWeights(model, norms);
        int layer = model.layerCount();
        for (int l = 1; l < norms.length; l++) {
            if (norms[l] > norms[layer]) {
                layer = l;
            }
        }
        String limit = lossLimit == maxLoss ? "maxLoss"
                : number(maxLossGrowth) + " times the initial training loss " + number(initialLoss)
                        + (initialLoss < 1 ? ", taken as 1" : "");
        return new TrainingException("loss " + number(loss) + " " + at(epoch, step, from, count)
                + " brings the running mean loss (about the last " + LOSS_WINDOW + " examples) to " + number(runningLoss)
                + ", above the limit " + number(lossLimit) + " (" + limit + "); largest gradient: layer "
                + layer + " (norm " + number(norms[layer]) + "); lower the learning rate or clip gradients"
                + " (clipGradientNorm)", epoch, step, layer);
    }

    /** {@code x} in few digits: whole numbers below 1e7 as such, others with 3 significant digits. */
    static String number(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e7) {
            return Long.toString((long) x);
        }
        String s = String.format(Locale.ROOT, "%.3g", x);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.indexOf('.') >= 0) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return e < 0 ? mantissa : mantissa + s.substring(e);
    }
}
