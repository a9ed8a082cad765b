package io.chainrule.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chainrule.CodeShape;
import io.chainrule.DoubleModel;
import io.chainrule.benchmarks.data.DataDirectory;
import io.chainrule.benchmarks.data.DigitsData;
import io.chainrule.benchmarks.data.SyntheticMnist;
import io.chainrule.benchmarks.dl4j.Dl4jExamples;
import io.chainrule.benchmarks.dl4j.Dl4jNetworks;
import io.chainrule.benchmarks.dl4j.Dl4jTrainer;
import io.chainrule.benchmarks.train.ChainruleDoubleLearner;
import io.chainrule.benchmarks.train.Training;
import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The Deeplearning4j peer runs each workload and does the protocol's work: it learns, and from
 * the generated double model's initial weights and the same example order it sees the same
 * losses as that model (one {@code fit} per batch is the mean-gradient SGD step), and its forward
 * pass computes the same outputs. The digits workloads are skipped when the shared data directory
 * is absent.
 */
class Dl4jWorkloadsTest {
    /**
     * Relative tolerance on a sum of losses. Measured here: equal to 1e-15 (a step 1.0001 times too
     * large is off by 1e-5 after one epoch); the margin is for DL4J clipping the softmax into
     * [1e-10, 1 - 1e-10] before the logarithm of its score, and for another BLAS's summation order.
     */
    private static final double SAME_LOSS = 1e-10;

    @BeforeAll
    static void oneThread() {
        Dl4jNetworks.useOneThread();
    }

    /** P1 (batch 1, lr 0.05) and P2 (batch 32, lr 0.1), three shuffled epochs. */
    @ParameterizedTest
    @CsvSource({"1, 0.05", "32, 0.1"})
    void digitsWorkloadLearnsAsChainruleDoubleDoes(int batch, double rate) {
        assumeTrue(DataDirectory.find() != null, "digits data not found; set " + DataDirectory.ENVIRONMENT_VARIABLE);
        DigitsData data = DigitsData.load();
        DoubleModel model = Networks.digitsDouble(CodeShape.LOOPS);
        model.initialize(42L);
        Dl4jExamples examples = new Dl4jExamples(DigitsData.TRAIN_SIZE, 64, 10);
        Dl4jTrainer trainer = new Dl4jTrainer(Dl4jNetworks.classifier(64, 32, 10, rate, model.parameterArrays()),
                examples, batch);
        ChainruleDoubleLearner learner = new ChainruleDoubleLearner(model, false);
        int[] order = Training.identityOrder(DigitsData.TRAIN_SIZE);
        Random random = new Random(5L);
        double[] losses = new double[3];
        for (int epoch = 0; epoch < losses.length; epoch++) {
            Training.shuffle(order, random);
            examples.load(data.trainDouble, data.trainLabels, order, 0);
            losses[epoch] = trainer.train(0, order.length);
            double expected = Training.train(learner, data.trainDouble, 64, data.trainLabels, order, 0, order.length,
                    batch, rate);
            assertEquals(expected, losses[epoch], SAME_LOSS * expected, "epoch " + epoch);
        }
        assertTrue(losses[2] < 0.5 * losses[0], "losses " + Arrays.toString(losses));
        assertEquals(accuracy(model, data), accuracy(trainer.network(), data), 1e-12);
    }

    /** P3 (lr 0.05) on 384 synthetic examples, batch 1 and 32; held-out loss falls. */
    @ParameterizedTest
    @ValueSource(ints = {1, 32})
    void mnistShapedWorkloadLearnsAsChainruleDoubleDoes(int batch) {
        SyntheticMnist data = SyntheticMnist.generate();
        double[] x = data.featuresDouble();
        int[] order = Training.identityOrder(SyntheticMnist.SIZE);
        int train = 384;
        int heldOut = 128;
        Dl4jExamples examples = new Dl4jExamples(train, 784, 10);
        examples.load(x, data.labels, order, 0);
        DoubleModel model = new MnistDoubleLoops();
        model.initialize(42L);
        MultiLayerNetwork network = Dl4jNetworks.classifier(784, 128, 10, 0.05, model.parameterArrays());
        Dl4jTrainer trainer = new Dl4jTrainer(network, examples, batch);
        double before = meanLoss(network, x, data.labels, train, heldOut);
        double loss = 0.0;
        for (int from = 0; from < train; from += 128) {
            loss += trainer.train(from, 128);
        }
        double expected = Training.train(new ChainruleDoubleLearner(model, false), x, 784, data.labels, order, 0,
                train, batch, 0.05);
        assertEquals(expected, loss, SAME_LOSS * expected);
        double after = meanLoss(network, x, data.labels, train, heldOut);
        assertTrue(after < before, "held-out loss " + before + " -> " + after);
    }

    /** P4: the forward pass of the tiny tanh network, output for output. */
    @Test
    void tinyInferenceComputesWhatChainruleComputes() {
        DoubleModel model = Networks.tinyDouble(CodeShape.LOOPS);
        model.initialize(42L);
        MultiLayerNetwork network = Dl4jNetworks.tanhRegressor(4, 8, 3, model.parameterArrays());
        Random random = new Random(4L);
        double[] x = new double[4];
        double[] expected = new double[3];
        for (int n = 0; n < 64; n++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = 4.0 * random.nextDouble() - 2.0;
            }
            model.predict(x, 0, expected);
            INDArray actual = network.output(Nd4j.createFromArray(new double[][] {x}), false);
            assertEquals(DataType.DOUBLE, actual.dataType());
            for (int k = 0; k < expected.length; k++) {
                assertEquals(expected[k], actual.getDouble(0, k), 1e-12, "example " + n + " output " + k);
            }
        }
    }

    /** The weights land where DL4J reads them: W is [nIn, nOut], row j the weights out of input j. */
    @Test
    void weightsAreCopiedInputMajor() {
        DoubleModel model = Networks.tinyDouble(CodeShape.LOOPS);
        model.initialize(42L);
        double[][] parameters = model.parameterArrays();
        MultiLayerNetwork network = Dl4jNetworks.tanhRegressor(4, 8, 3, parameters);
        assertEquals(Arrays.toString(new long[] {4, 8}), Arrays.toString(network.getParam("0_W").shape()));
        assertEquals(parameters[2][5], network.getParam("0_W").getDouble(2, 5));
        assertEquals(parameters[4][7], network.getParam("0_b").getDouble(7));
        assertEquals(parameters[5 + 6][1], network.getParam("1_W").getDouble(6, 1));
        assertEquals(parameters[5 + 8][2], network.getParam("1_b").getDouble(2));
    }

    /**
     * The pools that run ND4J's operations are one thread wide: the parallel sections of its own
     * pool ({@code maxMasterThreads}), OpenMP and OpenBLAS. (The size of its own pool,
     * {@code maxThreads}, is fixed when the natives load, from {@code OMP_NUM_THREADS}: with one
     * master thread the other threads stay idle.)
     */
    @Test
    void runsOnOneThread() {
        assertEquals(1, Nd4j.getEnvironment().maxMasterThreads());
        assertEquals(1, Nd4j.factory().blas().getMaxThreads());
        assertEquals(1, NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads());
    }

    private static double accuracy(DoubleModel model, DigitsData data) {
        int right = 0;
        int n = data.testLabels.length;
        double[] scores = new double[10];
        for (int i = 0; i < n; i++) {
            model.predict(data.testDouble, i * 64, scores);
            int best = 0;
            for (int k = 1; k < scores.length; k++) {
                best = scores[k] > scores[best] ? k : best;
            }
            right += best == data.testLabels[i] ? 1 : 0;
        }
        return right / (double) n;
    }

    private static double accuracy(MultiLayerNetwork network, DigitsData data) {
        int n = data.testLabels.length;
        INDArray out = network.output(Nd4j.createFromArray(data.testDouble).reshape(n, 64), false);
        int right = 0;
        for (int i = 0; i < n; i++) {
            right += out.getRow(i).argMax().getInt(0) == data.testLabels[i] ? 1 : 0;
        }
        return right / (double) n;
    }

    /** Mean softmax cross-entropy of {@code network} on examples {@code [from, from + count)}. */
    private static double meanLoss(MultiLayerNetwork network, double[] x, int[] labels, int from, int count) {
        INDArray input = Nd4j.createFromArray(Arrays.copyOfRange(x, from * 784, (from + count) * 784))
                .reshape(count, 784);
        INDArray p = network.output(input, false);
        double total = 0.0;
        for (int n = 0; n < count; n++) {
            total -= Math.log(p.getDouble(n, labels[from + n]));
        }
        return total / count;
    }
}
