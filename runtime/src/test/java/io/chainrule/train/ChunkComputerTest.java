package io.chainrule.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.chainrule.Loss;
import io.chainrule.Model;
import io.chainrule.Precision;
import io.chainrule.data.Dataset;
import org.junit.jupiter.api.Test;

/**
 * A {@link ChunkComputer} computes chunks elsewhere (here: on its own model, last chunk first) and
 * the trainer folds them to the same bits as its own threads; a computer that passes too few
 * chunks or wrongly shaped gradients is stopped with a message, and is always closed.
 */
class ChunkComputerTest {
    private static final Dataset BLOBS = SyntheticData.blobs(61, 7).toPrecision(Precision.FLOAT);

    /** Computes the chunks on a model of its own, from the last to the first, then passes them in order. */
    private static class Backwards implements ChunkComputer {
        int opened;
        int closed;
        int batches;
        private FloatLinearModel trained;
        private Dataset train;
        private int chunk;
        private FloatLinearModel own;

        @Override
        public void open(Model model, Dataset train, TrainerConfig config) {
            this.trained = (FloatLinearModel) model;
            this.own = new FloatLinearModel(model.inputSize(), model.outputSize(), Loss.SOFTMAX_CROSS_ENTROPY);
            this.train = train;
            this.chunk = config.chunkSize();
            opened++;
        }

        @Override
        public void computeChunks(int[] order, int from, int to, ChunkFolder folder) {
            batches++;
            int chunks = folder.chunks();
            float[][][] gradients = new float[chunks][][];
            double[] losses = new double[chunks];
            double[] norms = null;
            for (int k = chunks - 1; k >= 0; k--) {
                for (int a = 0; a < own.parameterArrays().length; a++) {
                    own.parameterArrays()[a] = trained.parameterArrays()[a].clone();
                }
                own.zeroGradients();
                int a = from + k * chunk;
                losses[k] = own.lossAndGradientBatch(train.floatFeatures(), train.featureCount(), order, a,
                        Math.min(a + chunk, to),
                        train.labels());
                gradients[k] = SyntheticData.copy(own.gradientArrays());
                if (k == chunks - 1) {
                    GradientHealth health = GradientHealth.of(own);
                    norms = new double[] {0, health.outputGradientNorm(1)};
                }
            }
            pass(folder, gradients, losses);
            folder.lastOutputNorms(norms);
        }

        void pass(ChunkFolder folder, float[][][] gradients, double[] losses) {
            for (int k = 0; k < gradients.length; k++) {
                assertEquals(k, folder.received());
                folder.add(gradients[k], losses[k]);
            }
        }

        @Override
        public void close() {
            closed++;
        }
    }

    private static TrainerConfig config(int threads) {
        return TrainerConfig.builder().threads(threads).batchSize(13).chunkSize(4).epochs(3).seed(2)
                .optimizer(new Adam(0.9, 0.999, 1e-8, 0)).learningRate(0.05).clipGradientNorm(0.4)
                .watchGradients(1e-3, 1e3).evaluateTrainingSet(true).build();
    }

    private static FloatLinearModel model() {
        FloatLinearModel model = new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        model.initialize(5);
        return model;
    }

    @Test
    void aComputerGivesTheBitsOfTheTrainersThreads() {
        FloatLinearModel remote = model();
        Backwards computer = new Backwards();
        TrainingResult viaComputer = new Trainer(config(1), computer).train(remote, BLOBS);
        assertEquals(1, computer.opened);
        assertEquals(1, computer.closed);
        // 61 = 4 x 13 + 9: every batch has 4 or 3 chunks
        assertEquals(3 * 5, computer.batches);
        for (int threads : new int[] {1, 3}) {
            FloatLinearModel local = model();
            TrainingResult viaThreads = new Trainer(TrainerConfig.builder().threads(threads).batchSize(13).chunkSize(4)
                    .epochs(3).seed(2).optimizer(new Adam(0.9, 0.999, 1e-8, 0)).learningRate(0.05)
                    .clipGradientNorm(0.4).watchGradients(1e-3, 1e3).evaluateTrainingSet(true)
                    .replicaFactory(() -> new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY)).build())
                    .train(local, BLOBS);
            for (int k = 0; k < local.parameterArrayCount(); k++) {
                assertArrayEquals(local.parameterArrays()[k], remote.parameterArrays()[k]);
            }
            for (int epoch = 0; epoch < 3; epoch++) {
                EpochStats a = viaThreads.history().get(epoch);
                EpochStats b = viaComputer.history().get(epoch);
                assertEquals(a.trainLoss(), b.trainLoss());
                assertEquals(a.meanGradientNorm(), b.meanGradientNorm());
                assertEquals(a.gradientHealth().weightGradientNorm(1), b.gradientHealth().weightGradientNorm(1));
                assertEquals(a.gradientHealth().outputGradientNorm(1), b.gradientHealth().outputGradientNorm(1));
            }
        }
    }

    /**
     * The trainer's threads fold the last chunk and step the optimizer in blocks of arrays ({@link
     * ArrayBlocks}), a computer's steps array after array, all of them on one thread: the same bits,
     * here for a model of 6,001 arrays in 3 blocks (Adam with weight decay, clipping on every step).
     */
    @Test
    void blocksOfArraysGiveTheBitsOfWholeArrays() {
        int inputs = 6000;
        java.util.Random random = new java.util.Random(9);
        float[] x = new float[50 * inputs];
        int[] y = new int[50];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = random.nextInt(3);
        }
        Dataset wide = Dataset.ofLabels(x, inputs, y, 3);
        FloatLinearModel remote = new FloatLinearModel(inputs, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        remote.initialize(5);
        assertEquals(3, new ArrayBlocks(TrainingSession.parameterArrayLengths(remote)).count());
        TrainerConfig.Builder config = TrainerConfig.builder().batchSize(13).chunkSize(4).epochs(3).seed(2)
                .optimizer(new Adam(0.9, 0.999, 1e-8, 1e-3)).learningRate(0.05).clipGradientNorm(0.01)
                .replicaFactory(() -> new FloatLinearModel(inputs, 3, Loss.SOFTMAX_CROSS_ENTROPY));
        TrainingResult viaComputer = new Trainer(config.threads(1).build(), new Backwards()).train(remote, wide);
        for (int threads : new int[] {1, 2, 3}) {
            FloatLinearModel local = new FloatLinearModel(inputs, 3, Loss.SOFTMAX_CROSS_ENTROPY);
            local.initialize(5);
            TrainingResult viaThreads = new Trainer(config.threads(threads).build()).train(local, wide);
            for (int k = 0; k < local.parameterArrayCount(); k++) {
                assertArrayEquals(remote.parameterArrays()[k], local.parameterArrays()[k], "array " + k);
            }
            for (int epoch = 0; epoch < 3; epoch++) {
                assertEquals(viaComputer.history().get(epoch).meanGradientNorm(),
                        viaThreads.history().get(epoch).meanGradientNorm());
            }
        }
    }

    @Test
    void tooFewChunksStopTrainingAndTheComputerIsClosed() {
        Backwards lazy = new Backwards() {
            @Override
            void pass(ChunkFolder folder, float[][][] gradients, double[] losses) {
                folder.add(gradients[0], losses[0]);
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Trainer(config(1), lazy).train(model(), BLOBS));
        assertEquals("the chunk computer passed 1 of the batch's 4 chunks", e.getMessage());
        assertEquals(1, lazy.closed);
    }

    @Test
    void tooManyOrWronglyShapedChunksAreRejected() {
        Backwards eager = new Backwards() {
            @Override
            void pass(ChunkFolder folder, float[][][] gradients, double[] losses) {
                super.pass(folder, gradients, losses);
                folder.add(gradients[0], 0);
            }
        };
        assertEquals("the batch has 4 chunks, all of them folded already", assertThrows(IllegalStateException.class,
                () -> new Trainer(config(1), eager).train(model(), BLOBS)).getMessage());
        Backwards narrow = new Backwards() {
            @Override
            void pass(ChunkFolder folder, float[][][] gradients, double[] losses) {
                folder.add(new float[][] {new float[3], new float[2], new float[3]}, 0);
            }
        };
        assertEquals("chunk 0: gradient array 1 has 2 elements, the model's 3",
                assertThrows(IllegalArgumentException.class,
                        () -> new Trainer(config(1), narrow).train(model(), BLOBS)).getMessage());
        Backwards doubled = new Backwards() {
            @Override
            void pass(ChunkFolder folder, float[][][] gradients, double[] losses) {
                folder.add(new double[3][3], 0);
            }
        };
        assertEquals("the trained model computes in float; pass float[][] gradients",
                assertThrows(IllegalArgumentException.class,
                        () -> new Trainer(config(1), doubled).train(model(), BLOBS)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Trainer(config(1), null));
    }
}
