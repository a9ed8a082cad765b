package io.chainrule.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.data.Dataset;
import org.junit.jupiter.api.Test;

/**
 * A development set that disagrees with the training set (the same points with every label
 * shifted by one class): the better the model fits the training set, the worse its development
 * loss, so early stopping must fire and put back the best epoch's weights.
 */
class EarlyStoppingTest {
    private static final Dataset TRAIN = SyntheticData.blobs(60, 1).toPrecision(Precision.FLOAT);
    private static final Dataset DEV = disagreeing(TRAIN);
    private static final int PATIENCE = 2;

    private static Dataset disagreeing(Dataset data) {
        int[] shifted = new int[data.size()];
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = (data.labels()[i] + 1) % 3;
        }
        return Dataset.ofLabels(data.floatFeatures(), data.featureCount(), shifted, 3);
    }

    private static TrainerConfig.Builder config(int epochs) {
        return TrainerConfig.builder().epochs(epochs).batchSize(8).seed(9).learningRate(0.1);
    }

    private static FloatLinearModel model() {
        FloatLinearModel model = new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        model.initialize(5);
        return model;
    }

    /** The weights after training {@code epochs} epochs without a development set. */
    private static float[][] weightsAfter(int epochs) {
        FloatLinearModel model = model();
        new Trainer(config(epochs).build()).train(model, TRAIN);
        return model.parameterArrays();
    }

    @Test
    void stopsAndRestoresTheBestWeights() {
        FloatLinearModel model = model();
        TrainingResult result = new Trainer(config(30).earlyStopping(PATIENCE).build()).train(model, TRAIN, DEV);
        assertTrue(result.stoppedEarly());
        int best = result.bestEpoch();
        for (EpochStats stats : result.history()) {
            assertTrue(stats.devLoss() >= result.history().get(best).devLoss());
        }
        assertEquals(best + PATIENCE + 1, result.epochsRun());
        assertTrue(result.restoredBestWeights());
        float[][] expected = weightsAfter(best + 1);
        for (int k = 0; k < expected.length; k++) {
            assertArrayEquals(expected[k], model.parameterArrays()[k]);
        }
    }

    @Test
    void keepsTheLastWeightsWhenAskedTo() {
        FloatLinearModel model = model();
        TrainingResult result = new Trainer(config(30).earlyStopping(PATIENCE).restoreBestWeights(false).build())
                .train(model, TRAIN, DEV);
        assertTrue(result.stoppedEarly());
        assertFalse(result.restoredBestWeights());
        float[][] expected = weightsAfter(result.epochsRun());
        for (int k = 0; k < expected.length; k++) {
            assertArrayEquals(expected[k], model.parameterArrays()[k]);
        }
    }

    @Test
    void agreeingDevSetRunsAllEpochs() {
        TrainingResult result = new Trainer(config(5).earlyStopping(PATIENCE).build())
                .train(model(), TRAIN, SyntheticData.blobs(30, 2).toPrecision(Precision.FLOAT));
        assertFalse(result.stoppedEarly());
        assertEquals(5, result.epochsRun());
        assertEquals(4, result.bestEpoch());
        assertFalse(result.restoredBestWeights());
    }
}
