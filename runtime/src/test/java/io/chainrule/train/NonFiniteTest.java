package io.chainrule.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.data.Dataset;
import org.junit.jupiter.api.Test;

/**
 * NaN or infinity in a loss or a gradient stops training with a message naming epoch, step (both
 * from 1, as progress counts) and layer; NaN in the data is rejected before training.
 */
class NonFiniteTest {
    private static final Dataset TRAIN = SyntheticData.blobs(10, 1).toPrecision(Precision.FLOAT);

    /** Writes {@code value} into gradient array {@code array} on the {@code poisonAt}-th example (1-based). */
    private static final class PoisonedModel extends FloatLinearModel {
        private final int poisonAt;
        private final int array;
        private final float value;
        private int calls;

        PoisonedModel(int poisonAt, int array, float value) {
            super(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
            this.poisonAt = poisonAt;
            this.array = array;
            this.value = value;
        }

        @Override
        public float lossAndGradient(float[] x, int offset, int label) {
            float loss = super.lossAndGradient(x, offset, label);
            if (++calls == poisonAt) {
                gradientArrays()[array][1] = value;
            }
            return loss;
        }
    }

    private static TrainingException failure(FloatLinearModel model, Dataset train) {
        model.initialize(1);
        TrainerConfig config = TrainerConfig.builder().epochs(5).batchSize(5).shuffle(false)
                .optimizer(new Momentum(0.9)).clipGradientNorm(1.0).build();
        return assertThrows(TrainingException.class, () -> new Trainer(config).train(model, train));
    }

    @Test
    void nanFeatureIsRejectedBeforeTrainingNamingItsExample() {
        float[] x = TRAIN.floatFeatures().clone();
        x[2 * 7] = Float.NaN;
        Dataset train = Dataset.ofLabels(x, 2, TRAIN.labels(), 3);
        FloatLinearModel model = new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(TrainerConfig.builder().build()).train(model, train));
        assertTrue(e.getMessage().startsWith("training set: feature 0 of example 7 is NaN"), e.getMessage());
    }

    @Test
    void nanLossStopsAtItsBatchNamingTheExample() {
        float[] x = TRAIN.floatFeatures().clone();
        x[2 * 7] = MarkedNanModel.MARK;
        TrainingException e = failure(new MarkedNanModel(), Dataset.ofLabels(x, 2, TRAIN.labels(), 3));
        assertTrue(e.getMessage().startsWith("loss is NaN at epoch 1, step 2 of 2"), e.getMessage());
        assertTrue(e.getMessage().contains("example 7 of the training set has loss NaN"), e.getMessage());
        assertTrue(e.getMessage().contains("loss (softmax_cross_entropy) of output layer 1"), e.getMessage());
        assertEquals(0, e.epoch());
        assertEquals(1, e.step());
        assertEquals(1, e.layer());
    }

    @Test
    void nanGradientNamesEpochStepAndLayer() {
        // 10 examples an epoch: the 18th call is in epoch 2, step 2 (examples 5..9)
        TrainingException e = failure(new PoisonedModel(18, 2, Float.NaN), TRAIN);
        assertTrue(e.getMessage().startsWith("gradient of layer 1 (parameter array 2) is NaN at epoch 2, step 2 of 2"),
                e.getMessage());
        assertEquals(1, e.epoch());
        assertEquals(1, e.step());
        assertEquals(1, e.layer());
    }

    @Test
    void infiniteGradientIsReportedToo() {
        TrainingException e = failure(new PoisonedModel(3, 0, Float.POSITIVE_INFINITY), TRAIN);
        assertTrue(e.getMessage().startsWith("gradient of layer 1 (parameter array 0) is infinite"), e.getMessage());
        assertTrue(e.getMessage().contains("at epoch 1, step 1 of 2"), e.getMessage());
    }
}
