package io.chainrule.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chainrule.Activation;
import io.chainrule.FloatModel;
import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.data.Dataset;
import io.chainrule.samples.digits.DigitsModel;
import io.chainrule.train.Momentum;
import io.chainrule.train.Trainer;
import io.chainrule.train.TrainerConfig;
import io.chainrule.train.TrainingResult;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The trainer takes minibatches through the generated batched path ({@code lossAndGradientBatch});
 * it gives the same weights and losses, to the last bit, as the same training example by example,
 * which a wrapper without the batched path forces (the interface's default runs the examples one
 * by one).
 */
class BatchedTrainingTest {
    @Test
    void batchedTrainingGivesTheBitsOfExampleByExampleTraining() {
        Random random = new Random(11);
        int n = 200;
        float[] x = new float[n * 64];
        int[] labels = new int[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(10);
        }
        Dataset train = Dataset.ofLabels(x, 64, labels, 10);
        // batches of 24 in buffers of 10: chunks of 10, 10 and 4
        DigitsModel batched = new DigitsModel(10);
        DigitsModel single = new DigitsModel();
        batched.initialize(3);
        single.initialize(3);
        TrainerConfig config = TrainerConfig.builder().epochs(3).batchSize(24).seed(5).learningRate(0.05)
                .optimizer(new Momentum(0.9)).build();
        TrainingResult a = new Trainer(config).train(batched, train);
        TrainerConfig again = TrainerConfig.builder().epochs(3).batchSize(24).seed(5).learningRate(0.05)
                .optimizer(new Momentum(0.9)).build();
        TrainingResult b = new Trainer(again).train(new ExampleByExample(single), train);
        for (int e = 0; e < 3; e++) {
            assertEquals(b.history().get(e).trainLoss(), a.history().get(e).trainLoss(), 0.0);
        }
        for (int k = 0; k < batched.parameterArrayCount(); k++) {
            assertArrayEquals(single.parameterArrays()[k], batched.parameterArrays()[k], "parameter array " + k);
        }
    }

    /** A model without the batched path: every method but {@code lossAndGradientBatch} delegates. */
    private static final class ExampleByExample implements FloatModel {
        private final FloatModel m;

        ExampleByExample(FloatModel m) {
            this.m = m;
        }

        @Override
        public int inputSize() {
            return m.inputSize();
        }

        @Override
        public int outputSize() {
            return m.outputSize();
        }

        @Override
        public int parameterCount() {
            return m.parameterCount();
        }

        @Override
        public int layerCount() {
            return m.layerCount();
        }

        @Override
        public int layerSize(int layer) {
            return m.layerSize(layer);
        }

        @Override
        public Activation activation(int layer) {
            return m.activation(layer);
        }

        @Override
        public Loss loss() {
            return m.loss();
        }

        @Override
        public Precision precision() {
            return m.precision();
        }

        @Override
        public int classCount() {
            return m.classCount();
        }

        @Override
        public String architecture() {
            return m.architecture();
        }

        @Override
        public int parameterArrayCount() {
            return m.parameterArrayCount();
        }

        @Override
        public int layerOfParameterArray(int arrayIndex) {
            return m.layerOfParameterArray(arrayIndex);
        }

        @Override
        public void initialize(long seed) {
            m.initialize(seed);
        }

        @Override
        public void zeroGradients() {
            m.zeroGradients();
        }

        @Override
        public float[][] parameterArrays() {
            return m.parameterArrays();
        }

        @Override
        public float[][] gradientArrays() {
            return m.gradientArrays();
        }

        @Override
        public void predict(float[] x, int offset, float[] out) {
            m.predict(x, offset, out);
        }

        @Override
        public float loss(float[] x, int offset, int label) {
            return m.loss(x, offset, label);
        }

        @Override
        public float loss(float[] x, int offset, float[] target, int targetOffset) {
            return m.loss(x, offset, target, targetOffset);
        }

        @Override
        public float lossAndGradient(float[] x, int offset, int label) {
            return m.lossAndGradient(x, offset, label);
        }

        @Override
        public float lossAndGradient(float[] x, int offset, float[] target, int targetOffset) {
            return m.lossAndGradient(x, offset, target, targetOffset);
        }

        @Override
        public void inputGradient(float[] out) {
            m.inputGradient(out);
        }

        @Override
        public float[] outputGradient(int layer) {
            return m.outputGradient(layer);
        }
    }
}
