package io.chainrule.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chainrule.CodeShape;
import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.benchmarks.data.DataDirectory;
import io.chainrule.benchmarks.data.DigitsData;
import io.chainrule.benchmarks.encog.EncogNetworks;
import io.chainrule.benchmarks.encog.SoftMaxWithReluDerivative;
import io.chainrule.benchmarks.neuroph.NeurophNetworks;
import io.chainrule.benchmarks.neuroph.NeurophTrainer;
import io.chainrule.benchmarks.reference.ReferenceMlpFloat;
import io.chainrule.benchmarks.train.ChainruleFloatLearner;
import io.chainrule.benchmarks.train.FloatLearner;
import io.chainrule.benchmarks.train.Training;
import java.util.Arrays;
import java.util.Collections;
import java.util.Random;
import org.encog.engine.network.activation.ActivationReLU;
import org.encog.ml.data.basic.BasicMLData;
import org.encog.ml.data.basic.BasicMLDataSet;
import org.encog.neural.networks.BasicNetwork;
import org.encog.neural.networks.training.propagation.back.Backpropagation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neuroph.core.data.DataSetRow;
import org.neuroph.core.transfer.Linear;
import org.neuroph.core.transfer.RectifiedLinear;
import org.neuroph.nnet.MultiLayerPerceptron;

/**
 * Workload P1 (online SGD, lr 0.05, the protocol's 20 epochs) trains each system to the protocol's accuracy ballpark on the
 * digits test split; skipped when the shared data directory is absent.
 */
class DigitsAccuracyTest {
    private static final int EPOCHS = 20;
    private static final double MINIMUM_ACCURACY = 0.95;

    private static DigitsData data;

    @BeforeAll
    static void loadData() {
        assumeTrue(DataDirectory.find() != null, "digits data not found; set " + DataDirectory.ENVIRONMENT_VARIABLE);
        data = DigitsData.load();
    }

    @Test
    void chainruleReachesTheBallpark() {
        FloatModel model = Networks.digitsFloat(CodeShape.LOOPS);
        model.initialize(42L);
        train(new ChainruleFloatLearner(model, false));
        float[] scores = new float[10];
        int correct = 0;
        for (int n = 0; n < data.testLabels.length; n++) {
            model.predict(data.testFloat, n * 64, scores);
            correct += argmax(scores) == data.testLabels[n] ? 1 : 0;
        }
        assertAccuracy("chainrule", correct);
    }

    /** P2 (batch 32, lr 0.1) through lossAndGradientBatch gives the bits of the per-example path. */
    @Test
    void batchedPathTrainsTheSameWeights() {
        FloatModel single = Networks.digitsFloat(CodeShape.LOOPS);
        FloatModel batched = Networks.digitsFloat(CodeShape.LOOPS);
        single.initialize(42L);
        batched.initialize(42L);
        int[] order = Training.identityOrder(DigitsData.TRAIN_SIZE);
        Random random = new Random(5L);
        for (int epoch = 0; epoch < 3; epoch++) {
            Training.shuffle(order, random);
            double a = Training.train(new ChainruleFloatLearner(single, false), data.trainFloat, 64, data.trainLabels,
                    order, 0, order.length, 32, 0.1f);
            double b = Training.train(new ChainruleFloatLearner(batched, true), data.trainFloat, 64, data.trainLabels,
                    order, 0, order.length, 32, 0.1f);
            assertEquals(a, b, 0.0);
        }
        for (int k = 0; k < single.parameterArrayCount(); k++) {
            assertArrayEquals(single.parameterArrays()[k], batched.parameterArrays()[k]);
        }
    }

    @Test
    void referenceReachesTheBallpark() {
        FloatModel init = Networks.digitsFloat(CodeShape.LOOPS);
        init.initialize(42L);
        ReferenceMlpFloat reference = new ReferenceMlpFloat(64, 32, 10, false);
        reference.copyParameters(init.parameterArrays());
        train(reference);
        float[] scores = new float[10];
        int correct = 0;
        for (int n = 0; n < data.testLabels.length; n++) {
            reference.predict(data.testFloat, n * 64, scores);
            correct += argmax(scores) == data.testLabels[n] ? 1 : 0;
        }
        assertAccuracy("reference", correct);
    }

    @Test
    void encogWithTheReluWorkaroundReachesTheBallpark() {
        DoubleModel init = Networks.digitsDouble(CodeShape.LOOPS);
        init.initialize(42L);
        BasicNetwork network = EncogNetworks.network(64, 32, 10, new ActivationReLU(), new SoftMaxWithReluDerivative(),
                init.parameterArrays());
        BasicMLDataSet set = EncogNetworks.dataset(data.trainDouble, 64, data.trainLabels, 10,
                Training.identityOrder(DigitsData.TRAIN_SIZE), 0, DigitsData.TRAIN_SIZE);
        Backpropagation trainer = EncogNetworks.trainer(network, set, 1, 0.05);
        Random random = new Random(5L);
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            Collections.shuffle(set.getData(), random);
            trainer.iteration();
        }
        int correct = 0;
        double[] x = new double[64];
        for (int n = 0; n < data.testLabels.length; n++) {
            System.arraycopy(data.testDouble, n * 64, x, 0, 64);
            correct += network.classify(new BasicMLData(x)) == data.testLabels[n] ? 1 : 0;
        }
        assertAccuracy("encog", correct);
    }

    @Test
    void neurophReachesTheBallpark() {
        DoubleModel init = Networks.digitsDouble(CodeShape.LOOPS);
        init.initialize(42L);
        MultiLayerPerceptron network = NeurophNetworks.network(64, 32, 10, RectifiedLinear.class, Linear.class,
                init.parameterArrays());
        NeurophTrainer trainer = new NeurophTrainer(network, 1, 0.05);
        DataSetRow[] rows = NeurophNetworks.rows(data.trainDouble, 64, data.trainLabels, 10,
                Training.identityOrder(DigitsData.TRAIN_SIZE), 0, DigitsData.TRAIN_SIZE);
        int[] order = Training.identityOrder(DigitsData.TRAIN_SIZE);
        Random random = new Random(5L);
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            Training.shuffle(order, random);
            trainer.train(rows, order, 0, order.length);
        }
        int correct = 0;
        for (int n = 0; n < data.testLabels.length; n++) {
            double[] x = Arrays.copyOfRange(data.testDouble, n * 64, (n + 1) * 64);
            correct += NeurophNetworks.classify(network, x) == data.testLabels[n] ? 1 : 0;
        }
        assertAccuracy("neuroph", correct);
    }

    private static void train(FloatLearner learner) {
        int[] order = Training.identityOrder(DigitsData.TRAIN_SIZE);
        Random random = new Random(5L);
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            Training.shuffle(order, random);
            Training.train(learner, data.trainFloat, 64, data.trainLabels, order, 0, order.length, 1, 0.05f);
        }
    }

    private static void assertAccuracy(String system, int correct) {
        double accuracy = (double) correct / data.testLabels.length;
        assertTrue(accuracy >= MINIMUM_ACCURACY, system + " test accuracy " + accuracy + " < " + MINIMUM_ACCURACY);
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] > v[best]) {
                best = k;
            }
        }
        return best;
    }
}
