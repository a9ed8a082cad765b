package io.chainrule.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.data.Dataset;
import org.junit.jupiter.api.Test;

/**
 * What {@code TrainerConfig.builder().build()} does without being told: Adam, early stopping
 * when (and only when) there is a development set, with a relative improvement threshold; and a
 * model that was never initialised is refused rather than trained from zeros.
 */
class DefaultsTest {
    private static final Dataset TRAIN = noisy(SyntheticData.blobs(90, 1).toPrecision(Precision.FLOAT));
    private static final Dataset DEV = noisy(SyntheticData.blobs(30, 2).toPrecision(Precision.FLOAT));

    /** The blobs with every fifth label moved to the next class: not separable, so the loss levels off. */
    private static Dataset noisy(Dataset data) {
        int[] labels = data.labels().clone();
        for (int i = 0; i < labels.length; i += 5) {
            labels[i] = (labels[i] + 1) % 3;
        }
        return Dataset.ofLabels(data.floatFeatures(), data.featureCount(), labels, 3);
    }

    private static FloatLinearModel model() {
        FloatLinearModel model = new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        model.initialize(3);
        return model;
    }

    @Test
    void theDefaults() {
        TrainerConfig c = TrainerConfig.builder().build();
        assertInstanceOf(Adam.class, c.optimizer());
        assertEquals(1e-3, c.schedule().learningRate(0));
        assertEquals(32, c.batchSize());
        assertEquals(200, c.epochs());
        assertEquals(10, c.patience());
        assertTrue(c.earlyStoppingByDefault());
        assertEquals(1e-3, c.minRelativeDelta());
        assertFalse(TrainerConfig.builder().earlyStopping(5).build().earlyStoppingByDefault());
        assertFalse(TrainerConfig.builder().noEarlyStopping().build().earlyStopping());
    }

    @Test
    void aModelThatWasNeverInitialisedIsRefused() {
        FloatLinearModel blank = new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        String message = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(TrainerConfig.builder().build()).train(blank, TRAIN)).getMessage();
        assertEquals("the model's 9 parameters are all 0: it was never initialised or loaded, and from all-zero"
                + " weights every unit of a layer learns the same thing; call model.initialize(seed) or load a model"
                + " file before training", message);
        for (float[] array : blank.parameterArrays()) {
            for (float v : array) {
                assertEquals(0f, v);
            }
        }
        // one non-zero parameter is a model someone set up
        blank.parameterArrays()[0][0] = 0.5f;
        new Trainer(TrainerConfig.builder().epochs(1).build()).train(blank, TRAIN);
    }

    /** Plain gradient descent with a tiny rate: every epoch lowers the loss, by about 1e-4 of it. */
    private static TrainerConfig.Builder creeping(int epochs) {
        return TrainerConfig.builder().epochs(epochs).optimizer(new GradientDescent()).learningRate(1e-5);
    }

    @Test
    void earlyStoppingByDefaultNeedsNoDevelopmentSet() {
        TrainingResult withoutDev = new Trainer(creeping(15).build()).train(model(), TRAIN);
        assertEquals(15, withoutDev.epochsRun());
        assertFalse(withoutDev.stoppedEarly());
        TrainingResult withDev = new Trainer(creeping(100).build()).train(model(), TRAIN, DEV);
        assertTrue(withDev.stoppedEarly());
        assertEquals(0, withDev.bestEpoch());
        assertEquals(11, withDev.epochsRun());
        assertThrows(IllegalArgumentException.class,
                () -> new Trainer(TrainerConfig.builder().earlyStopping(3).build()).train(model(), TRAIN));
    }

    @Test
    void aDevelopmentLossThatCreepsDownDoesNotKeepTrainingGoing() {
        // With an absolute threshold of 0 (the old default) each of the 100 epochs is an improvement.
        TrainingResult absolute = new Trainer(creeping(100).minRelativeDelta(0).build()).train(model(), TRAIN, DEV);
        assertEquals(100, absolute.epochsRun());
        double first = absolute.history().get(0).devLoss();
        double last = absolute.history().get(99).devLoss();
        assertTrue(last < first && first - last < 0.02 * first, first + " -> " + last);
        for (EpochStats stats : absolute.history()) {
            assertTrue(stats.improved());
        }
        TrainerConfig c = TrainerConfig.builder().minRelativeDelta(0.01).minDelta(0.001).build();
        assertTrue(c.improves(0.98, 1.0));
        assertFalse(c.improves(0.995, 1.0));
        assertFalse(c.improves(0.0995, 0.1), "also more than minDelta");
        assertTrue(c.improves(5, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> TrainerConfig.builder().minRelativeDelta(1));
    }

    @Test
    void statisticsPrintRounded() {
        TrainingResult result = new Trainer(TrainerConfig.builder().epochs(2).build()).train(model(), TRAIN, DEV, DEV);
        String epoch = result.history().get(0).toString();
        assertTrue(epoch.matches("epoch 1: lr 0\\.0010, train loss \\d\\.\\d{4}, dev loss \\d\\.\\d{4}, accuracy"
                + " \\d\\.\\d{4} \\(\\d+/30\\)"), epoch);
        assertEquals("loss 0.5000, accuracy 0.7500 (3/4)",
                Evaluation.fromConfusionMatrix(new int[][] {{2, 1}, {0, 1}}, 0.5).toString());
        assertEquals("loss 1.235e-05, accuracy 1.0000 (1/1)",
                Evaluation.fromConfusionMatrix(new int[][] {{1}}, 0.0000123456).toString());
    }
}
