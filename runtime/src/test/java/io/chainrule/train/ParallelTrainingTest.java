package io.chainrule.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.Loss;
import io.chainrule.Model;
import io.chainrule.Precision;
import io.chainrule.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Data-parallel training ({@link TrainerConfig.Builder#threads(int)}): what n threads compute is
 * pinned by an independent re-implementation of the split algorithm in this test (parts in order,
 * summed element by element in part order, then scaled), which with n = 1 is the plain sequential
 * algorithm; and the multi-threaded run is repeatable, trains as well, reports failures like one
 * thread does and always stops its threads.
 */
class ParallelTrainingTest {
    private static final Dataset BLOBS = SyntheticData.blobs(52, 3).toPrecision(Precision.FLOAT);
    private static final Dataset LINE = SyntheticData.line(61, 4);
    private static final double RATE = 0.1;

    /** A classifier with a public no-argument constructor, as generated models have. */
    public static final class Blobs extends FloatLinearModel {
        public Blobs() {
            super(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        }
    }

    private static Blobs blobs() {
        Blobs model = new Blobs();
        model.initialize(11);
        return model;
    }

    private static TrainerConfig.Builder config(int threads, int batch, int epochs) {
        return TrainerConfig.builder().threads(threads).batchSize(batch).epochs(epochs).seed(5).learningRate(RATE);
    }

    /**
     * The weights after {@code epochs} epochs of the split algorithm with {@code threads} parts,
     * computed here on one thread: each batch of the shuffled order in {@code min(threads, count)}
     * contiguous parts, each part's gradient on its own copy of the model, summed in part order,
     * divided by the batch size, one plain gradient-descent step.
     */
    private static float[][] reference(int threads, int batch, int epochs) {
        Blobs main = blobs();
        Blobs[] part = new Blobs[threads];
        part[0] = main;
        for (int k = 1; k < threads; k++) {
            part[k] = new Blobs();
        }
        Optimizer sgd = new GradientDescent();
        sgd.bind(main);
        float[] x = BLOBS.floatFeatures();
        int[] y = BLOBS.labels();
        int size = BLOBS.size();
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Random random = new Random(5);
        int step = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = size - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int from = 0; from < size; from += batch) {
                int count = Math.min(batch, size - from);
                int parts = Math.min(threads, count);
                for (int k = 0; k < parts; k++) {
                    for (int a = 0; k > 0 && a < main.parameterArrays().length; a++) {
                        System.arraycopy(main.parameterArrays()[a], 0, part[k].parameterArrays()[a], 0,
                                main.parameterArrays()[a].length);
                    }
                    part[k].zeroGradients();
                    for (int r = from + count * k / parts; r < from + count * (k + 1) / parts; r++) {
                        part[k].lossAndGradient(x, order[r] * 2, y[order[r]]);
                    }
                }
                float[][] g = main.gradientArrays();
                for (int a = 0; a < g.length; a++) {
                    for (int i = 0; i < g[a].length; i++) {
                        float sum = g[a][i];
                        for (int k = 1; k < parts; k++) {
                            sum += part[k].gradientArrays()[a][i];
                        }
                        g[a][i] = count > 1 ? sum * (float) (1.0 / count) : sum;
                    }
                }
                sgd.step(main, RATE, ++step);
            }
        }
        return main.parameterArrays();
    }

    private static void assertSameWeights(float[][] expected, float[][] actual) {
        for (int k = 0; k < expected.length; k++) {
            assertArrayEquals(expected[k], actual[k], "parameter array " + k);
        }
    }

    private static void assertSameWeights(double[][] expected, double[][] actual) {
        for (int k = 0; k < expected.length; k++) {
            assertArrayEquals(expected[k], actual[k], "parameter array " + k);
        }
    }

    /** The live worker threads of any training. */
    private static List<Thread> liveWorkers() {
        List<Thread> live = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("chainrule-trainer-") && t.isAlive()) {
                live.add(t);
            }
        }
        return live;
    }

    @Test
    void oneThreadIsTheSequentialAlgorithm() {
        float[][] expected = reference(1, 8, 3);
        Blobs model = blobs();
        new Trainer(config(1, 8, 3).build()).train(model, BLOBS);
        assertSameWeights(expected, model.parameterArrays());
        Blobs byDefault = blobs();
        new Trainer(TrainerConfig.builder().batchSize(8).epochs(3).seed(5).learningRate(RATE).build())
                .train(byDefault, BLOBS);
        assertSameWeights(expected, byDefault.parameterArrays());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void threadsComputeTheSplitAlgorithm(int threads) {
        // 52 = 7 * 7 + 3: the last batch of each epoch is short (3 parts of 1 with 3 threads)
        Blobs model = blobs();
        new Trainer(config(threads, 7, 3).build()).train(model, BLOBS);
        assertSameWeights(reference(threads, 7, 3), model.parameterArrays());
        assertTrue(liveWorkers().isEmpty(), "workers still alive: " + liveWorkers());
    }

    @Test
    void splitAdditionDiffersFromOneThreadInRoundingOnly() {
        float[][] one = reference(1, 7, 3);
        Blobs model = blobs();
        new Trainer(config(2, 7, 3).build()).train(model, BLOBS);
        boolean differs = false;
        for (int k = 0; k < one.length; k++) {
            for (int i = 0; i < one[k].length; i++) {
                assertEquals(one[k][i], model.parameterArrays()[k][i], 1e-4);
                differs |= one[k][i] != model.parameterArrays()[k][i];
            }
        }
        // the reference would be a sequential run in disguise if no bit changed
        assertTrue(differs, "2 threads added in the same order as 1");
    }

    @Test
    void batchSmallerThanTheThreadCountUsesFewerParts() {
        Blobs model = blobs();
        new Trainer(config(3, 2, 2).build()).train(model, BLOBS);
        assertSameWeights(reference(3, 2, 2), model.parameterArrays());
        // batch 1: one part, the sequential path bit for bit
        Blobs online = blobs();
        new Trainer(config(4, 1, 2).build()).train(online, BLOBS);
        assertSameWeights(reference(1, 1, 2), online.parameterArrays());
    }

    private static float[][] floatRun(int threads) {
        Blobs model = blobs();
        new Trainer(config(threads, 6, 4).optimizer(new Adam(0.9, 0.999, 1e-8, 1e-4)).clipGradientNorm(0.5)
                .watchGradients(1e-3, 1e3).build()).train(model, BLOBS);
        return model.parameterArrays();
    }

    private static double[][] doubleRun(int threads) {
        DoubleLinearModel model = new DoubleLinearModel(2, 1, Loss.MEAN_SQUARED_ERROR);
        model.initialize(3);
        ReplicaFactory factory = () -> new DoubleLinearModel(2, 1, Loss.MEAN_SQUARED_ERROR);
        new Trainer(TrainerConfig.builder().threads(threads).replicaFactory(factory).batchSize(9).epochs(4).seed(8)
                .optimizer(new Momentum(0.9, true, 1e-4)).learningRate(0.05).build()).train(model, LINE);
        return model.parameterArrays();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void sameSeedAndThreadCountGiveBitIdenticalWeights(int threads) {
        for (int run = 0; run < 3; run++) {
            assertSameWeights(floatRun(threads), floatRun(threads));
            assertSameWeights(doubleRun(threads), doubleRun(threads));
        }
    }

    @Test
    void twoThreadsTrainAsWellAsOne() {
        Dataset train = SyntheticData.blobs(600, 21).toPrecision(Precision.FLOAT);
        Dataset test = SyntheticData.blobs(300, 22).toPrecision(Precision.FLOAT);
        double[] accuracy = new double[3];
        double[] loss = new double[3];
        for (int threads = 1; threads <= 2; threads++) {
            Blobs model = blobs();
            TrainingResult result = new Trainer(config(threads, 16, 10).build()).train(model, train, null, test);
            accuracy[threads] = result.testEvaluation().accuracy();
            loss[threads] = result.lastEpoch().trainLoss();
        }
        assertTrue(accuracy[1] >= 0.97, "1 thread: " + accuracy[1]);
        assertTrue(accuracy[2] >= 0.97, "2 threads: " + accuracy[2]);
        assertEquals(loss[1], loss[2], 0.01 * loss[1]);
    }

    @Test
    void gradientHealthOfTheLastStepIsTheWholeBatchs() {
        // one full-batch step: the gradient is that of the same weights with 1 or 2 threads
        GradientHealth[] health = new GradientHealth[3];
        for (int threads = 1; threads <= 2; threads++) {
            TrainingResult result = new Trainer(TrainerConfig.builder().threads(threads).fullBatch().epochs(1)
                    .watchGradients(1e-3, 1e3).build()).train(blobs(), BLOBS);
            health[threads] = result.lastEpoch().gradientHealth();
        }
        // dL/dh of the batch's last example, computed by the last part's replica
        assertEquals(health[1].outputGradientNorm(1), health[2].outputGradientNorm(1));
        assertEquals(health[1].weightGradientNorm(1), health[2].weightGradientNorm(1),
                1e-5 * health[1].weightGradientNorm(1));
    }

    @Test
    void earlyStoppingRestoresTheBestEpochWithThreads() {
        // the training points with every label shifted: fitting the training set worsens the dev loss
        Dataset disagreeing = Dataset.ofLabels(BLOBS.floatFeatures(), 2, relabel(BLOBS), 3);
        Blobs model = blobs();
        TrainingResult result = new Trainer(config(2, 8, 30).earlyStopping(2).build()).train(model, BLOBS,
                disagreeing);
        assertTrue(result.stoppedEarly());
        assertTrue(result.restoredBestWeights());
        Blobs again = blobs();
        new Trainer(config(2, 8, result.bestEpoch() + 1).build()).train(again, BLOBS);
        assertSameWeights(again.parameterArrays(), model.parameterArrays());
    }

    private static int[] relabel(Dataset data) {
        int[] shifted = new int[data.size()];
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = (data.labels()[i] + 1) % 3;
        }
        return shifted;
    }

    /** Poisons its own gradient with NaN on its {@code poisonAt}-th example (1-based), or throws there. */
    private static final class Poisoned extends FloatLinearModel {
        private final int poisonAt;
        private final RuntimeException failure;
        private int calls;

        Poisoned(int poisonAt, RuntimeException failure) {
            super(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
            this.poisonAt = poisonAt;
            this.failure = failure;
        }

        @Override
        public float lossAndGradient(float[] x, int offset, int label) {
            float loss = super.lossAndGradient(x, offset, label);
            if (++calls == poisonAt) {
                if (failure != null) {
                    throw failure;
                }
                gradientArrays()[2][1] = Float.NaN;
            }
            return loss;
        }
    }

    /** Trains 20 examples in batches of 10 on 2 threads, unshuffled: each part is 5 examples. */
    private static <T extends Throwable> T failure(Class<T> type, FloatLinearModel main, FloatLinearModel replica) {
        main.initialize(1);
        Dataset train = SyntheticData.blobs(20, 1).toPrecision(Precision.FLOAT);
        TrainerConfig config = TrainerConfig.builder().threads(2).replicaFactory(() -> replica).epochs(3)
                .batchSize(10).shuffle(false).build();
        T e = assertThrows(type, () -> new Trainer(config).train(main, train));
        assertTrue(liveWorkers().isEmpty(), "workers still alive: " + liveWorkers());
        return e;
    }

    @Test
    void nanGradientInAWorkerNamesEpochStepAndLayer() {
        // the replica sees examples 5..9 and 15..19 of each epoch: its 13th example is in epoch 2, step 1
        TrainingException e = failure(TrainingException.class, new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY),
                new Poisoned(13, null));
        assertTrue(e.getMessage().startsWith("gradient of layer 1 (parameter array 2) is NaN at epoch 2, step 1 of 2"),
                e.getMessage());
        assertEquals(1, e.epoch());
        assertEquals(0, e.step());
        assertEquals(1, e.layer());
    }

    @Test
    void nanLossInAWorkersPartStopsAtItsBatch() {
        Dataset clean = SyntheticData.blobs(20, 1).toPrecision(Precision.FLOAT);
        float[] x = clean.floatFeatures().clone();
        x[2 * 17] = MarkedNanModel.MARK;
        Dataset train = Dataset.ofLabels(x, 2, clean.labels(), 3);
        MarkedNanModel model = new MarkedNanModel();
        model.initialize(11);
        TrainingException e = assertThrows(TrainingException.class, () -> new Trainer(
                config(2, 10, 3).shuffle(false).build()).train(model, train));
        assertTrue(e.getMessage().startsWith("loss is NaN at epoch 1, step 2 of 2 (examples 10..19"), e.getMessage());
        assertTrue(e.getMessage().contains("example 17 of the training set has loss NaN"), e.getMessage());
        assertEquals(1, e.layer());
        assertTrue(liveWorkers().isEmpty(), "workers still alive: " + liveWorkers());
    }

    @Test
    void exceptionInAWorkerReachesTheCaller() {
        IllegalStateException thrown = new IllegalStateException("replica failed");
        IllegalStateException e = failure(IllegalStateException.class,
                new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY), new Poisoned(7, thrown));
        assertSame(thrown, e);
    }

    @Test
    void exceptionOnTheTrainingThreadStopsTheWorkers() {
        IllegalStateException thrown = new IllegalStateException("main failed");
        IllegalStateException e = failure(IllegalStateException.class, new Poisoned(7, thrown),
                new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY));
        assertSame(thrown, e);
    }

    @Test
    void workersAreNamedDaemonsThatEndWithTraining() {
        List<Thread> seen = new ArrayList<>();
        TrainingListener spy = new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, double loss) {
                if (seen.isEmpty()) {
                    seen.addAll(liveWorkers());
                }
            }
        };
        new Trainer(config(3, 8, 1).listener(spy).build()).train(blobs(), BLOBS);
        assertEquals(2, seen.size());
        for (Thread t : seen) {
            assertTrue(t.isDaemon(), t.getName());
            assertTrue(t.getName().matches("chainrule-trainer-\\d+-worker-[12]"), t.getName());
            assertFalse(t.isAlive(), t.getName());
        }
    }

    @Test
    void invalidThreadCountsAreRejected() {
        for (int n : new int[] {0, -1, TrainerConfig.MAX_THREADS + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TrainerConfig.builder().threads(n));
            assertEquals("threads must be between 1 and 256, was " + n, e.getMessage());
        }
        assertEquals(256, TrainerConfig.builder().threads(256).build().threads());
        assertEquals(1, TrainerConfig.builder().build().threads());
        assertThrows(IllegalArgumentException.class, () -> TrainerConfig.builder().replicaFactory(null));
    }

    @Test
    void aModelWithoutNoArgumentConstructorNeedsAFactory() {
        FloatLinearModel model = new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        model.initialize(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(config(3, 8, 1).build()).train(model, BLOBS));
        assertTrue(e.getMessage().startsWith("threads(3) needs 2 more instance(s) of io.chainrule.train.FloatLinearModel"
                + " for the worker threads, but calling its public no-argument constructor failed"), e.getMessage());
        assertTrue(e.getMessage().endsWith("pass TrainerConfig.Builder.replicaFactory(...) to make them"),
                e.getMessage());
    }

    @Test
    void theFactoryMustMakeNewModelsOfTheSameArchitecture() {
        Blobs model = blobs();
        assertEquals("replica 1 for threads(2) does not fit the trained model 2-3:identity softmax_cross_entropy float: "
                + "it returned the trained model itself; the replica factory must return a new model of the same "
                + "architecture on each call", factoryFailure(model, () -> model, 2));
        Blobs shared = new Blobs();
        String twice = factoryFailure(blobs(), () -> shared, 3);
        assertTrue(twice.startsWith("replica 2 for threads(3) does not fit"), twice);
        assertTrue(twice.contains(": it returned the same instance twice;"), twice);
        assertTrue(factoryFailure(blobs(), () -> new FloatLinearModel(2, 4, Loss.SOFTMAX_CROSS_ENTROPY), 2)
                .contains(": its architecture is 2-4:identity softmax_cross_entropy float;"));
        assertTrue(factoryFailure(blobs(), () -> new DoubleLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY), 2)
                .contains(": its architecture is 2-3:identity softmax_cross_entropy double;"));
        assertTrue(factoryFailure(blobs(), () -> null, 2).contains(": it is null;"));
        assertTrue(liveWorkers().isEmpty(), "workers still alive: " + liveWorkers());
    }

    private static String factoryFailure(Model model, ReplicaFactory factory, int threads) {
        TrainerConfig config = config(threads, 8, 1).replicaFactory(factory).build();
        return assertThrows(IllegalArgumentException.class, () -> new Trainer(config).train(model, BLOBS))
                .getMessage();
    }

    @Test
    void slicesBalanceTheParameterArrays() {
        assertArrayEquals(new int[] {0, 1, 2, 3}, ParallelGradients.slices(new int[] {3, 3, 3}, 3));
        assertArrayEquals(new int[] {0, 2, 4}, ParallelGradients.slices(new int[] {1, 1, 1, 1}, 2));
        assertArrayEquals(new int[] {0, 1, 1, 1}, ParallelGradients.slices(new int[] {5}, 3));
        int[] mnist = new int[785 + 129];
        java.util.Arrays.fill(mnist, 0, 785, 128);
        java.util.Arrays.fill(mnist, 785, mnist.length, 10);
        int[] start = ParallelGradients.slices(mnist, 2);
        assertEquals(398, start[1]);
        assertNotEquals(start[0], start[1]);
    }
}
