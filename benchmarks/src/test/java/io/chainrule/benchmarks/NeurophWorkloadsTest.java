package io.chainrule.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chainrule.CodeShape;
import io.chainrule.DoubleModel;
import io.chainrule.benchmarks.data.DataDirectory;
import io.chainrule.benchmarks.data.DigitsData;
import io.chainrule.benchmarks.data.SyntheticMnist;
import io.chainrule.benchmarks.neuroph.NeurophNetworks;
import io.chainrule.benchmarks.neuroph.NeurophTrainer;
import io.chainrule.benchmarks.neuroph.SoftmaxCrossEntropyError;
import io.chainrule.benchmarks.train.ChainruleDoubleLearner;
import io.chainrule.benchmarks.train.Training;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.neuroph.core.data.DataSetRow;
import org.neuroph.core.transfer.Linear;
import org.neuroph.core.transfer.RectifiedLinear;
import org.neuroph.core.transfer.Tanh;
import org.neuroph.nnet.MultiLayerPerceptron;

/**
 * The Neuroph peer runs each workload and does the protocol's work: it learns, and from the
 * generated double model's initial weights and the same example order it sees the same losses
 * as that model (Neuroph's batch-mode step is the exact mean-gradient SGD step). The digits
 * workloads are skipped when the shared data directory is absent.
 */
class NeurophWorkloadsTest {
    private static final double SAME_LOSS = 1e-9;

    /** P1 (batch 1, lr 0.05) and P2 (batch 32, lr 0.1), three shuffled epochs. */
    @ParameterizedTest
    @CsvSource({"1, 0.05", "32, 0.1"})
    void digitsWorkloadLearnsAsChainruleDoubleDoes(int batch, double rate) {
        assumeTrue(DataDirectory.find() != null, "digits data not found; set " + DataDirectory.ENVIRONMENT_VARIABLE);
        DigitsData data = DigitsData.load();
        DoubleModel model = Networks.digitsDouble(CodeShape.LOOPS);
        model.initialize(42L);
        NeurophTrainer trainer = new NeurophTrainer(NeurophNetworks.network(64, 32, 10, RectifiedLinear.class,
                Linear.class, model.parameterArrays()), batch, rate);
        DataSetRow[] rows = NeurophNetworks.rows(data.trainDouble, 64, data.trainLabels, 10,
                Training.identityOrder(DigitsData.TRAIN_SIZE), 0, DigitsData.TRAIN_SIZE);
        ChainruleDoubleLearner learner = new ChainruleDoubleLearner(model, false);
        int[] order = Training.identityOrder(DigitsData.TRAIN_SIZE);
        Random random = new Random(5L);
        double[] losses = new double[3];
        for (int epoch = 0; epoch < losses.length; epoch++) {
            Training.shuffle(order, random);
            losses[epoch] = trainer.train(rows, order, 0, order.length);
            double expected = Training.train(learner, data.trainDouble, 64, data.trainLabels, order, 0, order.length,
                    batch, rate);
            assertEquals(expected, losses[epoch], SAME_LOSS * expected, "epoch " + epoch);
        }
        assertTrue(losses[2] < 0.5 * losses[0], "losses " + Arrays.toString(losses));
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
        DataSetRow[] rows = NeurophNetworks.rows(x, 784, data.labels, 10, order, 0, train + heldOut);
        DoubleModel model = new MnistDoubleLoops();
        model.initialize(42L);
        MultiLayerPerceptron network = NeurophNetworks.network(784, 128, 10, RectifiedLinear.class, Linear.class,
                model.parameterArrays());
        NeurophTrainer trainer = new NeurophTrainer(network, batch, 0.05);
        double before = meanLoss(network, rows, train, heldOut);
        double loss = trainer.train(rows, order, 0, train);
        double expected = Training.train(new ChainruleDoubleLearner(model, false), x, 784, data.labels, order, 0,
                train, batch, 0.05);
        assertEquals(expected, loss, SAME_LOSS * expected);
        double after = meanLoss(network, rows, train, heldOut);
        assertTrue(after < before, "held-out loss " + before + " -> " + after);
    }

    /** P4: the forward pass of the tiny tanh network, output for output. */
    @Test
    void tinyInferenceComputesWhatChainruleComputes() {
        DoubleModel model = Networks.tinyDouble(CodeShape.LOOPS);
        model.initialize(42L);
        MultiLayerPerceptron network = NeurophNetworks.network(4, 8, 3, Tanh.class, Linear.class,
                model.parameterArrays());
        Random random = new Random(4L);
        double[] x = new double[4];
        double[] expected = new double[3];
        for (int n = 0; n < 64; n++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = 4.0 * random.nextDouble() - 2.0;
            }
            model.predict(x, 0, expected);
            network.setInput(x);
            network.calculate();
            double[] actual = network.getOutput();
            for (int k = 0; k < expected.length; k++) {
                assertEquals(expected[k], actual[k], 1e-12, "example " + n + " output " + k);
            }
        }
    }

    @Test
    void softmaxCrossEntropyErrorIsTheNegativeGradientOfTheLoss() {
        SoftmaxCrossEntropyError error = new SoftmaxCrossEntropyError();
        double[] logits = {1.0, 2.0, 3.0};
        double[] target = {0.0, 1.0, 0.0};
        double sum = Math.exp(1.0) + Math.exp(2.0) + Math.exp(3.0);
        double[] pattern = error.calculatePatternError(logits, target).clone();
        assertEquals(-Math.exp(1.0) / sum, pattern[0], 1e-15);
        assertEquals(1.0 - Math.exp(2.0) / sum, pattern[1], 1e-15);
        assertEquals(-Math.exp(3.0) / sum, pattern[2], 1e-15);
        error.calculatePatternError(new double[] {1000.0, 0.0, -1000.0}, new double[] {1.0, 0.0, 0.0});
        assertEquals((Math.log(sum) - 2.0 + 0.0) / 2.0, error.getTotalError(), 1e-12);
        error.reset();
        assertEquals(0.0, error.getTotalError());
    }

    /** Mean softmax cross-entropy of {@code network} on {@code rows[from .. from + count)}. */
    private static double meanLoss(MultiLayerPerceptron network, DataSetRow[] rows, int from, int count) {
        double total = 0.0;
        for (int n = from; n < from + count; n++) {
            network.setInput(rows[n].getInput());
            network.calculate();
            double[] z = network.getOutput();
            double max = Arrays.stream(z).max().getAsDouble();
            double sum = 0.0;
            int label = 0;
            for (int k = 0; k < z.length; k++) {
                sum += Math.exp(z[k] - max);
                label = rows[n].getDesiredOutput()[k] == 1.0 ? k : label;
            }
            total += Math.log(sum) + max - z[label];
        }
        return total / count;
    }
}
