package io.chainrule.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.data.Dataset;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Threads that the host stalls at random, mid-chunk, for up to a few steps' time (the replicas and
 * the trained model sleep inside their batched gradient now and then), must not change a bit of
 * what training gives: the model file and every epoch's training loss are those of one thread,
 * run after run. Stalls of this length make the other threads finish the stalled thread's chunks,
 * park chunks finished out of turn, and go on to the next steps while the stalled thread is still
 * computing a chunk of an old one (which once let that old result be kept for the new step's
 * chunk: wrong losses, chunks folded twice or never, and steps that never ended).
 */
class StragglerBitsTest {
    /** Runs with stalls per thread count; each run has 36 steps, and stalls in most of them. */
    private static final int RUNS = 15;

    /** A linear classifier that now and then stalls for up to 2 ms before computing a chunk. */
    static final class StallingModel extends FloatLinearModel {
        private final Random random;

        StallingModel(long seed) {
            super(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
            this.random = new Random(seed);
        }

        @Override
        public double lossAndGradientBatch(float[] x, int stride, int[] rows, int from, int to, int[] labels) {
            if (random.nextInt(6) == 0) {
                LockSupport.parkNanos(50_000L + random.nextInt(2_000_000));
            }
            return super.lossAndGradientBatch(x, stride, rows, from, to, labels);
        }
    }

    private static String train(int threads, int chunkSize, long stallSeed, List<Double> losses) throws IOException {
        Dataset blobs = SyntheticData.blobs(203, 9).toPrecision(Precision.FLOAT);
        StallingModel model = new StallingModel(stallSeed);
        model.initialize(21);
        long[] replicaSeed = {stallSeed * 31};
        TrainingResult result = new Trainer(TrainerConfig.builder().threads(threads).batchSize(24).chunkSize(chunkSize)
                .epochs(4).seed(4).optimizer(new Adam()).learningRate(0.02).clipGradientNorm(0.7)
                .replicaFactory(() -> new StallingModel(++replicaSeed[0])).build()).train(model, blobs);
        for (EpochStats epoch : result.history()) {
            losses.add(epoch.trainLoss());
        }
        return ThreadCountProbe.digest(model);
    }

    @Test
    void stalledThreadsChangeNoBit() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            // batches of 8 chunks on 3 threads, of 12 chunks on 4
            for (int[] grid : new int[][] {{3, 3}, {4, 2}}) {
                int threads = grid[0];
                int chunkSize = grid[1];
                List<Double> expectedLosses = new ArrayList<>();
                String expected = train(1, chunkSize, 1, expectedLosses);
                for (int run = 0; run < RUNS; run++) {
                    List<Double> losses = new ArrayList<>();
                    String digest = train(threads, chunkSize, 100 + run, losses);
                    String where = "run " + run + ", " + threads + " threads, chunks of " + chunkSize;
                    assertEquals(expected, digest, "model file, " + where);
                    assertEquals(expectedLosses, losses, "training losses per epoch, " + where);
                }
            }
        }, "training with stalled threads did not finish (a step waited for a chunk no thread would fold)");
    }
}
