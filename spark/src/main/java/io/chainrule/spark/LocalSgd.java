package io.chainrule.spark;

import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Model;
import io.chainrule.data.Dataset;
import io.chainrule.data.Scaler;
import io.chainrule.train.EpochStats;
import io.chainrule.train.Evaluation;
import io.chainrule.train.Evaluator;
import io.chainrule.train.GradientHealth;
import io.chainrule.train.Trainer;
import io.chainrule.train.TrainerConfig;
import io.chainrule.train.TrainingException;
import io.chainrule.train.TrainingListener;
import io.chainrule.train.TrainingResult;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Local SGD with periodic parameter averaging (as Deeplearning4j's parameter averaging on Spark):
 * each partition trains its own copy of the model on its own rows with the Chainrule trainer
 * (minibatches, chunks, the local optimizer, clipping, loss checks) for one round, then the driver
 * averages the copies' parameters, weighted by the examples each trained on, in partition order,
 * and broadcasts the average for the next round. An epoch is {@code rounds} rounds, a round
 * {@code localEpochs} passes of each worker over its slice (so {@code localEpochs} = 4 averages once
 * every 4 passes: fewer jobs, workers that drift further apart); partition
 * {@code p} shuffles its rows once per epoch (seeded by the training seed, the epoch and {@code p})
 * and trains on the {@code r}-th of {@code rounds} slices of that order in round {@code r}. One
 * Spark job per round; the rows never leave their partition. The weights are deterministic for a
 * given partitioning (the same rows in the same partitions), not the same bits as one machine.
 *
 * <p>The driver keeps the trainer's bookkeeping: the listener (one {@code onStep} per round, with
 * the round's mean training loss), dev-set evaluation after every epoch, early stopping with the
 * best epoch's weights restored, gradient health (the per-layer norms of partition 0's last local
 * step), the test evaluation at the end. A loss or gradient that is not finite on a worker stops
 * training with the worker's message, the partition and the round.
 */
final class LocalSgd {
    private final JavaSparkContext context;
    private final TrainerConfig config;
    private final SparkTrainer.LocalOptimizer optimizers;
    private final int rounds;
    private final int localEpochs;

    LocalSgd(JavaSparkContext context, TrainerConfig config, SparkTrainer.LocalOptimizer optimizers, int rounds,
            int localEpochs) {
        this.context = context;
        this.config = config;
        this.optimizers = optimizers;
        this.rounds = rounds;
        this.localEpochs = localEpochs;
    }

    /** What one partition sends back after a round. */
    static final class Round implements Serializable {
        private static final long serialVersionUID = 1L;

        int partition;
        int examples;
        double lossSum;
        Object parameters;
        double[] weightNorms;
        double[] outputNorms;
        String failure;
    }

    /** The settings a worker trains with, serializable (the trainer's configuration is not). */
    private static final class Plan implements Serializable {
        private static final long serialVersionUID = 1L;

        int batchSize;
        int chunkSize;
        long seed;
        double maxGradientNorm;
        double maxLoss;
        double maxLossGrowth;
        double vanishingRatio;
        double explodingNorm;
        boolean watch;
        int rounds;
        int localEpochs;
        SparkTrainer.LocalOptimizer optimizers;

        TrainerConfig config(double learningRate, long roundSeed) {
            // one pass: the slice is in this epoch's shuffled order already; more: reshuffled per pass
            TrainerConfig.Builder b = TrainerConfig.builder().epochs(localEpochs).chunkSize(chunkSize)
                    .shuffle(localEpochs > 1).seed(roundSeed).optimizer(optimizers.create())
                    .learningRate(learningRate).maxLoss(maxLoss)
                    .maxLossGrowth(maxLossGrowth);
            if (batchSize == TrainerConfig.FULL_BATCH) {
                b.fullBatch();
            } else {
                b.batchSize(batchSize);
            }
            if (maxGradientNorm < Double.POSITIVE_INFINITY) {
                b.clipGradientNorm(maxGradientNorm);
            }
            if (watch) {
                b.watchGradients(vanishingRatio, explodingNorm);
            }
            return b.build();
        }
    }

    TrainingResult train(Model model, JavaRDD<DataBlock> blocks, Dataset dev, Dataset test) {
        Plan plan = new Plan();
        plan.batchSize = config.batchSize();
        plan.chunkSize = config.chunkSize();
        plan.seed = config.seed();
        plan.maxGradientNorm = config.maxGradientNorm();
        plan.maxLoss = config.maxLoss();
        plan.maxLossGrowth = config.maxLossGrowth();
        plan.watch = config.watchesGradients();
        plan.vanishingRatio = config.vanishingRatio();
        plan.explodingNorm = config.explodingNorm();
        plan.rounds = rounds;
        plan.localEpochs = localEpochs;
        plan.optimizers = optimizers;
        String training = UUID.randomUUID().toString();
        Broadcast<ModelSpec> spec = context.broadcast(ModelSpec.of(model, Scaler.NONE));
        Evaluator evaluator = new Evaluator(model);
        TrainingListener listener = config.listener();
        List<EpochStats> history = new ArrayList<EpochStats>();
        Object best = null;
        int bestEpoch = -1;
        double bestLoss = Double.POSITIVE_INFINITY;
        // as the Trainer: early stopping (on by default) needs a development set to watch
        boolean earlyStopping = config.earlyStopping() && dev != null;
        boolean stoppedEarly = false;
        try {
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                long start = System.nanoTime();
                double rate = config.schedule().learningRate(epoch);
                listener.onEpochStart(epoch, rounds);
                double lossSum = 0;
                long examples = 0;
                Round last = null;
                for (int round = 0; round < rounds; round++) {
                    Broadcast<Object> parameters = context.broadcast(ModelSpec.copyParameters(model));
                    int e = epoch;
                    int r = round;
                    List<Round> results;
                    try {
                        results = blocks.map(b -> trainRound(training, spec.value(), parameters.value(), b, plan, e,
                                r, rate)).collect();
                    } finally {
                        parameters.destroy(false);
                    }
                    long roundExamples = 0;
                    double roundLoss = 0;
                    for (Round result : results) {
                        if (result.failure != null) {
                            throw new TrainingException("partition " + result.partition + ", epoch " + (epoch + 1)
                                    + ", round " + (round + 1) + " of " + rounds + " (local SGD): " + result.failure,
                                    epoch, round, model.layerCount());
                        }
                        roundExamples += result.examples;
                        roundLoss += result.lossSum;
                    }
                    average(model, results, roundExamples, epoch, round);
                    lossSum += roundLoss;
                    examples += roundExamples;
                    last = results.get(0);
                    listener.onStep(epoch, round, roundExamples > 0 ? roundLoss / roundExamples : 0);
                }
                Evaluation trainEvaluation = null;
                Evaluation devEvaluation = dev != null ? evaluator.evaluate(dev) : null;
                boolean improved = devEvaluation != null && config.improves(devEvaluation.meanLoss(), bestLoss);
                if (improved) {
                    bestEpoch = epoch;
                    bestLoss = devEvaluation.meanLoss();
                    if (earlyStopping && config.restoreBestWeights()) {
                        best = ModelSpec.copyParameters(model);
                    }
                }
                GradientHealth health = null;
                if (config.watchesGradients() && last != null && last.weightNorms != null) {
                    health = GradientHealth.of(last.weightNorms, last.outputNorms);
                    List<String> problems = health.problems(config.vanishingRatio(), config.explodingNorm());
                    if (!problems.isEmpty()) {
                        listener.onGradientProblems(epoch, problems);
                    }
                }
                EpochStats stats = new EpochStats(epoch, rounds, rate, examples > 0 ? lossSum / examples : 0, 0,
                        trainEvaluation, devEvaluation, improved, System.nanoTime() - start, health);
                history.add(stats);
                listener.onEpochEnd(stats);
                if (earlyStopping && epoch - bestEpoch >= config.patience()) {
                    stoppedEarly = epoch + 1 < config.epochs();
                    break;
                }
            }
        } finally {
            spec.destroy(false);
        }
        boolean restore = best != null && bestEpoch != history.size() - 1;
        if (restore) {
            ModelSpec.setParameters(model, best);
        }
        Evaluation testEvaluation = test != null ? evaluator.evaluate(test) : null;
        TrainingResult result = new TrainingResult(Collections.unmodifiableList(history), bestEpoch, stoppedEarly,
                restore, testEvaluation);
        listener.onTrainingEnd(result);
        return result;
    }

    /** On an executor: one round of local training on partition {@code block}. */
    private static Round trainRound(String training, ModelSpec spec, Object parameters, DataBlock block, Plan plan,
            int epoch, int round, double rate) {
        Round out = new Round();
        out.partition = block.partition;
        int n = block.rows;
        int from = (int) ((long) n * round / plan.rounds);
        int to = (int) ((long) n * (round + 1) / plan.rounds);
        out.parameters = parameters;
        if (to == from) {
            return out;
        }
        // this epoch's order of the partition's rows, the same in every round of the epoch
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(plan.seed * 1_000_003L + epoch * 7919L + block.partition);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        Dataset slice = block.dataset().subset(java.util.Arrays.copyOfRange(order, from, to));
        Model m = ExecutorModels.get(training, spec);
        ModelSpec.setParameters(m, parameters);
        try {
            long roundSeed = plan.seed * 1_000_003L + epoch * 7919L + round * 31L + block.partition;
            TrainingResult result = new Trainer(plan.config(rate, roundSeed)).train(m, slice);
            EpochStats stats = result.lastEpoch();
            out.examples = to - from;
            double sum = 0;
            for (EpochStats e : result.history()) {
                sum += e.trainLoss();
            }
            // the mean over the round's local passes
            out.lossSum = sum / result.history().size() * out.examples;
            out.parameters = ModelSpec.copyParameters(m);
            GradientHealth health = stats.gradientHealth();
            if (health != null) {
                out.weightNorms = new double[m.layerCount() + 1];
                out.outputNorms = new double[m.layerCount() + 1];
                for (int l = 1; l <= m.layerCount(); l++) {
                    out.weightNorms[l] = health.weightGradientNorm(l);
                    out.outputNorms[l] = health.outputGradientNorm(l);
                }
            }
        } catch (TrainingException | IllegalArgumentException e) {
            out.failure = e.getMessage();
        }
        return out;
    }

    /**
     * The model's parameters become the average of the partitions', weighted by their examples,
     * summed in partition order in double.
     */
    private static void average(Model model, List<Round> results, long examples, int epoch, int round) {
        if (examples == 0) {
            return;
        }
        if (model instanceof FloatModel) {
            float[][] p = ((FloatModel) model).parameterArrays();
            for (int k = 0; k < p.length; k++) {
                for (int i = 0; i < p[k].length; i++) {
                    double sum = 0;
                    for (Round r : results) {
                        sum += (double) r.examples * ((float[][]) r.parameters)[k][i];
                    }
                    p[k][i] = (float) (sum / examples);
                    if (!(Math.abs(p[k][i]) <= Float.MAX_VALUE)) {
                        throw notFinite(model, k, epoch, round);
                    }
                }
            }
        } else {
            double[][] p = ((DoubleModel) model).parameterArrays();
            for (int k = 0; k < p.length; k++) {
                for (int i = 0; i < p[k].length; i++) {
                    double sum = 0;
                    for (Round r : results) {
                        sum += r.examples * ((double[][]) r.parameters)[k][i];
                    }
                    p[k][i] = sum / examples;
                    if (!(Math.abs(p[k][i]) <= Double.MAX_VALUE)) {
                        throw notFinite(model, k, epoch, round);
                    }
                }
            }
        }
    }

    private static TrainingException notFinite(Model model, int array, int epoch, int round) {
        int layer = model.layerOfParameterArray(array);
        return new TrainingException("the averaged weights of layer " + layer + " are not finite after epoch "
                + (epoch + 1) + ", round " + (round + 1) + " (local SGD); lower the learning rate or clip gradients "
                + "(clipGradientNorm)", epoch, round, layer);
    }
}
