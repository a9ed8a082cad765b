package io.chainrule.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Data-parallel training ({@link TrainerConfig.Builder#threads(int)}) over a fixed grid of chunks
 * ({@link TrainerConfig.Builder#chunkSize(int)}): what any number of threads computes is pinned by
 * an independent re-implementation of the chunk algorithm in this test (each chunk's gradient from
 * zero on its own model, added in chunk order, then scaled), and is the same bits for 1, 2, 3, 4 and
 * 16 threads, also when the threads finish their chunks out of order; a slow thread holds up a step
 * by one chunk only, which no other thread computes again (a stalled one holds up its step for the
 * stall); failures are reported like with one thread and the threads always stop.
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

    private static TrainerConfig.Builder config(int threads, int batch, int chunk, int epochs) {
        return TrainerConfig.builder().threads(threads).batchSize(batch).chunkSize(chunk).epochs(epochs).seed(5)
                .learningRate(RATE).optimizer(new GradientDescent());
    }

    /**
     * The weights after {@code epochs} epochs of the chunk algorithm, computed here on one thread
     * without the trainer: each batch of the shuffled order cut into chunks of {@code chunk}
     * examples, each chunk's gradient on a fresh copy of the model, the chunks' gradients added in
     * chunk order, times 1 / batch size, one plain gradient-descent step.
     */
    private static float[][] reference(int batch, int chunk, int epochs) {
        Blobs main = blobs();
        Blobs part = new Blobs();
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
        float[][] sum = SyntheticData.copy(main.gradientArrays());
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = size - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int from = 0; from < size; from += batch) {
                int count = Math.min(batch, size - from);
                for (int c = from; c < from + count; c += chunk) {
                    for (int a = 0; a < main.parameterArrays().length; a++) {
                        System.arraycopy(main.parameterArrays()[a], 0, part.parameterArrays()[a], 0,
                                main.parameterArrays()[a].length);
                    }
                    part.zeroGradients();
                    for (int r = c; r < Math.min(c + chunk, from + count); r++) {
                        part.lossAndGradient(x, order[r] * 2, y[order[r]]);
                    }
                    float[][] g = part.gradientArrays();
                    for (int a = 0; a < g.length; a++) {
                        for (int i = 0; i < g[a].length; i++) {
                            sum[a][i] = c == from ? g[a][i] : sum[a][i] + g[a][i];
                        }
                    }
                }
                float[][] mean = main.gradientArrays();
                for (int a = 0; a < mean.length; a++) {
                    for (int i = 0; i < mean[a].length; i++) {
                        mean[a][i] = count > 1 ? sum[a][i] * (float) (1.0 / count) : sum[a][i];
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

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 16})
    void everyThreadCountComputesTheChunkAlgorithm(int threads) {
        // 52 = 7 * 7 + 3: chunks of 3, 3 and 1 per batch of 7, and a last batch of one chunk
        Blobs model = blobs();
        new Trainer(config(threads, 7, 3, 3).build()).train(model, BLOBS);
        assertSameWeights(reference(7, 3, 3), model.parameterArrays());
        assertTrue(liveWorkers().isEmpty(), "workers still alive: " + liveWorkers());
    }

    @Test
    void aBatchOfOneChunkIsThePlainSequentialStep() {
        // chunk >= batch: the gradient summed example by example, as before chunks existed
        Blobs model = blobs();
        new Trainer(config(3, 8, 8, 3).build()).train(model, BLOBS);
        assertSameWeights(reference(8, 52, 3), model.parameterArrays());
        Blobs online = blobs();
        new Trainer(config(4, 1, 8, 2).build()).train(online, BLOBS);
        assertSameWeights(reference(1, 1, 2), online.parameterArrays());
    }

    @Test
    void theChunkSizeChangesTheRoundingOnly() {
        float[][] whole = reference(7, 7, 3);
        Blobs model = blobs();
        new Trainer(config(2, 7, 2, 3).build()).train(model, BLOBS);
        boolean differs = false;
        for (int k = 0; k < whole.length; k++) {
            for (int i = 0; i < whole[k].length; i++) {
                assertEquals(whole[k][i], model.parameterArrays()[k][i], 1e-4);
                differs |= whole[k][i] != model.parameterArrays()[k][i];
            }
        }
        // the reference would not see the chunks if no bit changed
        assertTrue(differs, "chunks of 2 added in the same order as one chunk of 7");
    }

    @Test
    void chunkSizeDefaultsAndLimits() {
        assertEquals(TrainerConfig.DEFAULT_CHUNK_SIZE, TrainerConfig.builder().build().chunkSize());
        assertEquals(1, TrainerConfig.builder().chunkSize(1).build().chunkSize());
        for (int n : new int[] {0, -3}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TrainerConfig.builder().chunkSize(n));
            assertEquals("chunkSize must be at least 1 example, was " + n, e.getMessage());
        }
    }

    private static float[][] floatRun(int threads) {
        Blobs model = blobs();
        new Trainer(config(threads, 13, 2, 4).optimizer(new Adam(0.9, 0.999, 1e-8, 1e-4)).clipGradientNorm(0.5)
                .watchGradients(1e-3, 1e3).build()).train(model, BLOBS);
        return model.parameterArrays();
    }

    private static double[][] doubleRun(int threads) {
        DoubleLinearModel model = new DoubleLinearModel(2, 1, Loss.MEAN_SQUARED_ERROR);
        model.initialize(3);
        ReplicaFactory factory = () -> new DoubleLinearModel(2, 1, Loss.MEAN_SQUARED_ERROR);
        new Trainer(TrainerConfig.builder().threads(threads).replicaFactory(factory).batchSize(9).chunkSize(2).epochs(4)
                .seed(8).optimizer(new Momentum(0.9, true, 1e-4)).learningRate(0.05).clipGradientNorm(0.3).build())
                .train(model, LINE);
        return model.parameterArrays();
    }

    @Test
    void threadCountsGiveBitIdenticalWeights() {
        // clipping uses the norm, Adam and Nesterov the whole gradient: all must be the same bits
        float[][] oneFloat = SyntheticData.copy(floatRun(1));
        double[][] oneDouble = doubleRun(1);
        for (int threads : new int[] {2, 3, 5, 16}) {
            for (int run = 0; run < 2; run++) {
                assertSameWeights(oneFloat, floatRun(threads));
                assertSameWeights(oneDouble, doubleRun(threads));
            }
        }
    }

    @Test
    void twoThreadsTrainAsWellAsOne() {
        Dataset train = SyntheticData.blobs(600, 21).toPrecision(Precision.FLOAT);
        Dataset test = SyntheticData.blobs(300, 22).toPrecision(Precision.FLOAT);
        TrainingResult one = new Trainer(config(1, 16, 4, 10).build()).train(blobs(), train, null, test);
        TrainingResult two = new Trainer(config(2, 16, 4, 10).build()).train(blobs(), train, null, test);
        assertTrue(one.testEvaluation().accuracy() >= 0.97, "1 thread: " + one.testEvaluation().accuracy());
        assertEquals(one.testEvaluation().accuracy(), two.testEvaluation().accuracy());
        assertEquals(one.lastEpoch().trainLoss(), two.lastEpoch().trainLoss());
        assertEquals(one.lastEpoch().meanGradientNorm(), two.lastEpoch().meanGradientNorm());
    }

    @Test
    void gradientHealthIsTheSameForAnyThreadCount() {
        GradientHealth[] health = new GradientHealth[4];
        for (int threads = 1; threads <= 3; threads++) {
            // 52 = 4 x 13: the last step, which is measured, has 5 chunks
            TrainingResult result = new Trainer(config(threads, 13, 3, 2).watchGradients(1e-3, 1e3).build())
                    .train(blobs(), BLOBS);
            health[threads] = result.lastEpoch().gradientHealth();
        }
        for (int threads = 2; threads <= 3; threads++) {
            assertEquals(health[1].weightGradientNorm(1), health[threads].weightGradientNorm(1));
            // dL/dh of the batch's last example, from whichever model computed the last chunk
            assertEquals(health[1].outputGradientNorm(1), health[threads].outputGradientNorm(1));
        }
        assertTrue(health[1].outputGradientNorm(1) > 0);
    }

    @Test
    void earlyStoppingRestoresTheBestEpochWithThreads() {
        // the training points with every label shifted: fitting the training set worsens the dev loss
        Dataset disagreeing = Dataset.ofLabels(BLOBS.floatFeatures(), 2, relabel(BLOBS), 3);
        Blobs model = blobs();
        TrainingResult result = new Trainer(config(2, 8, 3, 30).earlyStopping(2).build()).train(model, BLOBS,
                disagreeing);
        assertTrue(result.stoppedEarly());
        assertTrue(result.restoredBestWeights());
        Blobs again = blobs();
        new Trainer(config(1, 8, 3, result.bestEpoch() + 1).build()).train(again, BLOBS);
        assertSameWeights(again.parameterArrays(), model.parameterArrays());
    }

    private static int[] relabel(Dataset data) {
        int[] shifted = new int[data.size()];
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = (data.labels()[i] + 1) % 3;
        }
        return shifted;
    }

    /**
     * A classifier that counts the examples it computes and can be made slow: it sleeps
     * {@code sleepMillis} on every example (a thread that the host keeps waiting).
     */
    public static final class Counted extends FloatLinearModel {
        final AtomicInteger examples = new AtomicInteger();
        private final long sleepMillis;
        private final CountDownLatch started;
        private final CountDownLatch waitFor;

        Counted(long sleepMillis) {
            this(sleepMillis, null, null);
        }

        /** Counts {@code started} down on its first example; waits for {@code waitFor} on it (if not null). */
        Counted(long sleepMillis, CountDownLatch started, CountDownLatch waitFor) {
            super(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
            this.sleepMillis = sleepMillis;
            this.started = started;
            this.waitFor = waitFor;
        }

        @Override
        public float lossAndGradient(float[] x, int offset, int label) {
            if (examples.incrementAndGet() == 1) {
                if (started != null) {
                    started.countDown();
                }
                if (waitFor != null) {
                    try {
                        // the other thread has taken a chunk of this step before this one goes on
                        waitFor.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            if (sleepMillis > 0) {
                try {
                    Thread.sleep(sleepMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.lossAndGradient(x, offset, label);
        }
    }

    @Test
    void aSlowThreadHoldsUpAStepByOneChunkAndTheBitsStay() {
        // batches of 8 chunks of one example; the worker's replica takes 40 ms per example, the
        // training thread microseconds: fixed halves would wait 4 x 40 ms per step
        CountDownLatch slowStarted = new CountDownLatch(1);
        Counted main = new Counted(0, null, slowStarted);
        main.initialize(11);
        Counted slow = new Counted(40, slowStarted, null);
        TrainerConfig slowConfig = config(2, 8, 1, 1).shuffle(false).replicaFactory(() -> slow).build();
        Dataset sixteen = BLOBS.subset(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
        long start = System.nanoTime();
        new Trainer(slowConfig).train(main, sixteen);
        long millis = (System.nanoTime() - start) / 1_000_000;
        // 16 chunks: the slow thread computes about one per step, the training thread the others
        assertTrue(main.examples.get() >= 14, main.examples.get() + " chunks on the training thread");
        assertTrue(slow.examples.get() >= 1 && slow.examples.get() <= 4,
                "the slow thread computed " + slow.examples.get() + " of 16 chunks");
        assertTrue(millis < 4 * 4 * 40, "2 steps took " + millis + " ms");
        // the slow chunk finished last: the training thread's later chunks were parked and folded in order
        Counted reference = new Counted(0);
        reference.initialize(11);
        new Trainer(config(1, 8, 1, 1).shuffle(false).build()).train(reference, sixteen);
        assertSameWeights(reference.parameterArrays(), main.parameterArrays());
    }

    /** Sleeps {@code millis} on its first example only: a thread the host deschedules once. */
    public static final class StallsOnce extends FloatLinearModel {
        private final long millis;
        private final CountDownLatch started;
        private final AtomicInteger calls = new AtomicInteger();

        StallsOnce(long millis, CountDownLatch started) {
            super(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
            this.millis = millis;
            this.started = started;
        }

        @Override
        public float lossAndGradient(float[] x, int offset, int label) {
            if (calls.getAndIncrement() == 0) {
                started.countDown();
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.lossAndGradient(x, offset, label);
        }
    }

    @Test
    void aStalledThreadsChunkWaitsForItAndTheBitsStay() {
        // the worker stalls for 300 ms in its first chunk; the training thread computes the rest of
        // the step (parking the chunks after the stalled one) and waits for that chunk, which no
        // other thread computes: a chunk is computed once, by the thread that took it
        CountDownLatch stallStarted = new CountDownLatch(1);
        Counted main = new Counted(0, null, stallStarted);
        main.initialize(11);
        StallsOnce stalled = new StallsOnce(300, stallStarted);
        long[] lastStep = new long[1];
        long start = System.nanoTime();
        TrainerConfig config = config(2, 8, 1, 1).shuffle(false).replicaFactory(() -> stalled)
                .listener(new TrainingListener() {
                    @Override
                    public void onStep(int epoch, int step, double loss) {
                        lastStep[0] = System.nanoTime();
                    }
                }).build();
        Dataset sixteen = BLOBS.subset(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
        new Trainer(config).train(main, sixteen);
        long millis = (lastStep[0] - start) / 1_000_000;
        assertTrue(millis >= 300, "the steps took " + millis + " ms, less than the stalled chunk");
        assertTrue(main.examples.get() >= 7, main.examples.get() + " chunks on the training thread");
        Counted reference = new Counted(0);
        reference.initialize(11);
        new Trainer(config(1, 8, 1, 1).shuffle(false).build()).train(reference, sixteen);
        assertSameWeights(reference.parameterArrays(), main.parameterArrays());
    }

    @Test
    void aStalledTrainingThreadLetsTheWorkerFillEveryParkingBufferAndTheBitsStay() {
        // one step of 52 chunks of one example, 2 threads: 32 parking buffers. The training thread
        // stalls for 300 ms in chunk 0; the worker computes and parks chunks 1 to 32 meanwhile, then
        // holds chunk 33 with no buffer free and not its turn, until the training thread folds
        // chunk 0 and the parked ones after it (the folds free the buffers)
        CountDownLatch stallStarted = new CountDownLatch(1);
        StallsOnce main = new StallsOnce(300, stallStarted);
        main.initialize(11);
        Counted worker = new Counted(0, null, stallStarted);
        new Trainer(config(2, 52, 1, 1).shuffle(false).replicaFactory(() -> worker).build()).train(main, BLOBS);
        assertTrue(worker.examples.get() > ChunkFolding.PARKING,
                "the worker computed " + worker.examples.get() + " of 52 chunks, no more than the parking buffers");
        Counted reference = new Counted(0);
        reference.initialize(11);
        new Trainer(config(1, 52, 1, 1).shuffle(false).build()).train(reference, BLOBS);
        assertSameWeights(reference.parameterArrays(), main.parameterArrays());
    }

    /** Poisons the gradient of every example whose first feature is {@link MarkedNanModel#MARK}. */
    public static final class PoisonedGradient extends FloatLinearModel {
        public PoisonedGradient() {
            super(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        }

        @Override
        public float lossAndGradient(float[] x, int offset, int label) {
            float loss = super.lossAndGradient(x, offset, label);
            if (x[offset] == MarkedNanModel.MARK) {
                gradientArrays()[2][1] = Float.NaN;
            }
            return loss;
        }
    }

    private static Dataset marked(int example) {
        Dataset clean = SyntheticData.blobs(20, 1).toPrecision(Precision.FLOAT);
        float[] x = clean.floatFeatures().clone();
        x[2 * example] = MarkedNanModel.MARK;
        return Dataset.ofLabels(x, 2, clean.labels(), 3);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void nanGradientInAnyChunkNamesEpochStepAndLayer(int threads) {
        PoisonedGradient model = new PoisonedGradient();
        model.initialize(1);
        TrainingException e = assertThrows(TrainingException.class, () -> new Trainer(
                config(threads, 10, 2, 3).shuffle(false).build()).train(model, marked(13)));
        assertTrue(e.getMessage().startsWith("gradient of layer 1 (parameter array 2) is NaN at epoch 1, step 2 of 2"),
                e.getMessage());
        assertEquals(0, e.epoch());
        assertEquals(1, e.step());
        assertEquals(1, e.layer());
        assertTrue(liveWorkers().isEmpty(), "workers still alive: " + liveWorkers());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void nanLossInAnyChunkStopsAtItsBatch(int threads) {
        MarkedNanModel model = new MarkedNanModel();
        model.initialize(11);
        TrainingException e = assertThrows(TrainingException.class, () -> new Trainer(
                config(threads, 10, 3, 3).shuffle(false).build()).train(model, marked(17)));
        assertTrue(e.getMessage().startsWith("loss is NaN at epoch 1, step 2 of 2 (examples 10..19"), e.getMessage());
        assertTrue(e.getMessage().contains("example 17 of the training set has loss NaN"), e.getMessage());
        assertEquals(1, e.layer());
        assertTrue(liveWorkers().isEmpty(), "workers still alive: " + liveWorkers());
    }

    /** Throws {@code failure} from its first example; counts down {@code started} first. */
    private static final class Throwing extends FloatLinearModel {
        private final RuntimeException failure;
        private final CountDownLatch started;
        private final CountDownLatch waitFor;

        Throwing(RuntimeException failure, CountDownLatch started, CountDownLatch waitFor) {
            super(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
            this.failure = failure;
            this.started = started;
            this.waitFor = waitFor;
        }

        @Override
        public float lossAndGradient(float[] x, int offset, int label) {
            started.countDown();
            if (waitFor != null) {
                try {
                    // let the other thread take a chunk of this step too
                    waitFor.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failure != null) {
                throw failure;
            }
            return super.lossAndGradient(x, offset, label);
        }
    }

    private static <T extends Throwable> T failure(Class<T> type, FloatLinearModel main, FloatLinearModel replica) {
        main.initialize(1);
        Dataset train = SyntheticData.blobs(20, 1).toPrecision(Precision.FLOAT);
        TrainerConfig config = TrainerConfig.builder().threads(2).replicaFactory(() -> replica).epochs(3)
                .batchSize(10).chunkSize(5).shuffle(false).build();
        T e = assertThrows(type, () -> new Trainer(config).train(main, train));
        assertTrue(liveWorkers().isEmpty(), "workers still alive: " + liveWorkers());
        return e;
    }

    @Test
    void exceptionInAWorkerReachesTheCaller() {
        IllegalStateException thrown = new IllegalStateException("replica failed");
        CountDownLatch workerStarted = new CountDownLatch(1);
        // the training thread waits in its chunk until the worker has taken the other one
        IllegalStateException e = failure(IllegalStateException.class,
                new Throwing(null, new CountDownLatch(1), workerStarted), new Throwing(thrown, workerStarted, null));
        assertSame(thrown, e);
    }

    @Test
    void exceptionOnTheTrainingThreadStopsTheWorkers() {
        IllegalStateException thrown = new IllegalStateException("main failed");
        CountDownLatch workerStarted = new CountDownLatch(1);
        IllegalStateException e = failure(IllegalStateException.class, new Throwing(thrown, new CountDownLatch(1),
                workerStarted), new Throwing(null, workerStarted, null));
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
        new Trainer(config(3, 8, 2, 1).listener(spy).build()).train(blobs(), BLOBS);
        assertEquals(2, seen.size());
        for (Thread t : seen) {
            assertTrue(t.isDaemon(), t.getName());
            assertTrue(t.getName().matches("chainrule-trainer-\\d+-worker-[12]"), t.getName());
            assertFalse(t.isAlive(), t.getName());
        }
    }

    @Test
    void noWorkersWhenNoBatchHasTwoChunks() {
        List<Thread> seen = new ArrayList<>();
        TrainingListener spy = new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, double loss) {
                seen.addAll(liveWorkers());
            }
        };
        // neither replicas (this model has no public no-argument constructor) nor threads
        FloatLinearModel model = new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        model.initialize(1);
        new Trainer(config(3, 8, 8, 1).listener(spy).build()).train(model, BLOBS);
        assertTrue(seen.isEmpty(), seen.toString());
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
                () -> new Trainer(config(3, 8, 2, 1).build()).train(model, BLOBS));
        assertTrue(e.getMessage().startsWith("threads(3) needs 2 more instance(s) of io.chainrule.train.FloatLinearModel"
                + " for the worker threads, but calling its public no-argument constructor failed"), e.getMessage());
        assertTrue(e.getMessage().endsWith("pass TrainerConfig.Builder.replicaFactory(...) to make them"),
                e.getMessage());
        // one thread needs no replica, however many chunks a batch has
        new Trainer(config(1, 8, 2, 1).build()).train(model, BLOBS);
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
        TrainerConfig config = config(threads, 8, 2, 1).replicaFactory(factory).build();
        return assertThrows(IllegalArgumentException.class, () -> new Trainer(config).train(model, BLOBS))
                .getMessage();
    }
}
