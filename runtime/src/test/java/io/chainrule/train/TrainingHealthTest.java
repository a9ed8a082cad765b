package io.chainrule.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.data.Dataset;
import org.junit.jupiter.api.Test;

/**
 * Training health: a loss that grows by orders of magnitude without becoming NaN stops training
 * with a {@link TrainingException} naming epoch, step and layer (from 1, as progress counts); NaN
 * or infinite values in any data set are rejected before training, naming the set, the example
 * and the feature or target.
 */
class TrainingHealthTest {
    private static final Dataset TRAIN = SyntheticData.blobs(30, 1).toPrecision(Precision.FLOAT);
    private static final Dataset DEV = SyntheticData.blobs(12, 2).toPrecision(Precision.FLOAT);
    private static final Dataset LINE = SyntheticData.line(20, 3);

    private static FloatLinearModel classifier() {
        FloatLinearModel model = new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        model.initialize(1);
        return model;
    }

    private static TrainerConfig.Builder sgd(double learningRate) {
        return TrainerConfig.builder().epochs(20).batchSize(10).shuffle(false).learningRate(learningRate);
    }

    @Test
    void aLossThatGrowsByOrdersOfMagnitudeStopsTraining() {
        // rate 1e8: after the first step the scores, and the loss, are in the millions, but finite
        FloatLinearModel model = classifier();
        TrainingException e = assertThrows(TrainingException.class,
                () -> new Trainer(sgd(1e8).build()).train(model, TRAIN));
        String m = e.getMessage();
        assertTrue(m.startsWith("loss "), m);
        assertTrue(m.contains(" at epoch 1, step 2 of 3 (examples 10..19 of the epoch's order)"), m);
        assertTrue(m.contains("10000 times the initial training loss"), m);
        assertTrue(m.contains("largest gradient: layer 1"), m);
        assertTrue(m.contains("lower the learning rate"), m);
        assertEquals(0, e.epoch());
        assertEquals(1, e.step());
        assertEquals(1, e.layer());
    }

    @Test
    void theBlowUpIsCaughtBeforeItsStep() {
        FloatLinearModel model = classifier();
        float[][] before = new float[3][];
        TrainingListener keep = new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, double batchLoss) {
                float[][] p = model.parameterArrays();
                for (int k = 0; k < p.length; k++) {
                    before[k] = p[k].clone();
                }
            }
        };
        assertThrows(TrainingException.class, () -> new Trainer(sgd(1e8).listener(keep).build()).train(model, TRAIN));
        // the weights are those after the last step that passed the check (the listener saw them)
        for (int k = 0; k < before.length; k++) {
            assertArrayEquals(before[k], model.parameterArrays()[k]);
        }
    }

    @Test
    void theBlowUpIsCaughtOnSeveralThreadsToo() {
        ParallelTrainingTest.Blobs model = new ParallelTrainingTest.Blobs();
        model.initialize(1);
        TrainingException e = assertThrows(TrainingException.class,
                () -> new Trainer(sgd(1e8).threads(2).build()).train(model, TRAIN));
        assertTrue(e.getMessage().contains(" at epoch 1, step 2 of 3 "), e.getMessage());
        assertEquals(1, e.layer());
    }

    @Test
    void maxLossIsAnAbsoluteBound() {
        // the loss starts well above 0.001: the first step stops
        FloatLinearModel model = classifier();
        TrainingException e = assertThrows(TrainingException.class,
                () -> new Trainer(sgd(0.1).maxLoss(0.001).build()).train(model, TRAIN));
        assertTrue(e.getMessage().contains(" at epoch 1, step 1 of 3 "), e.getMessage());
        assertTrue(e.getMessage().contains("above the limit 0.001 (maxLoss)"), e.getMessage());
    }

    @Test
    void theGrowthLimitCanBeRaisedOrSwitchedOff() {
        // switched off or raised, the same run goes on to the end: its loss stays finite (and, the
        // blobs being separable, the huge weights end up separating them)
        TrainingResult result = new Trainer(sgd(1e8).epochs(3).maxLossGrowth(Double.POSITIVE_INFINITY).build())
                .train(classifier(), TRAIN);
        assertEquals(3, result.epochsRun());
        assertTrue(result.history().get(0).trainLoss() > 1e5, result.history().get(0).toString());
        assertEquals(3, new Trainer(sgd(1e8).epochs(3).maxLossGrowth(1e12).build()).train(classifier(), TRAIN)
                .epochsRun());
        assertThrows(IllegalArgumentException.class, () -> TrainerConfig.builder().maxLossGrowth(1));
        assertThrows(IllegalArgumentException.class, () -> TrainerConfig.builder().maxLossGrowth(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> TrainerConfig.builder().maxLoss(0));
        assertThrows(IllegalArgumentException.class, () -> TrainerConfig.builder().maxLoss(Double.NaN));
        assertEquals(TrainerConfig.DEFAULT_MAX_LOSS_GROWTH, TrainerConfig.builder().build().maxLossGrowth());
        assertEquals(Double.POSITIVE_INFINITY, TrainerConfig.builder().build().maxLoss());
    }

    @Test
    void healthyTrainingIsNotStopped() {
        // a high but workable rate: the loss falls; the same weights with the limit on and off
        FloatLinearModel on = classifier();
        FloatLinearModel off = classifier();
        new Trainer(sgd(2.0).build()).train(on, TRAIN, DEV);
        new Trainer(sgd(2.0).maxLossGrowth(Double.POSITIVE_INFINITY).build()).train(off, TRAIN, DEV);
        for (int k = 0; k < on.parameterArrays().length; k++) {
            assertArrayEquals(off.parameterArrays()[k], on.parameterArrays()[k]);
        }
    }

    @Test
    void oneOutlierExampleIsNotADivergence() {
        // online learning on 200 points of a line, one of whose targets is 300 (the others within
        // ±3.5): its squared error, about 9e4, is far above 10000 times the initial loss of about
        // 2, but it weighs 1/64 in the running mean loss
        double[] t = SyntheticData.line(200, 5).doubleTargets().clone();
        t[1] = 300;
        Dataset train = Dataset.ofTargets(SyntheticData.line(200, 5).doubleFeatures(), 2, t, 1);
        DoubleLinearModel model = new DoubleLinearModel(2, 1, Loss.MEAN_SQUARED_ERROR);
        model.initialize(1);
        TrainingResult result = new Trainer(TrainerConfig.builder().epochs(3).batchSize(1).shuffle(false)
                .learningRate(0.001).build()).train(model, train);
        assertEquals(3, result.epochsRun());
    }

    @Test
    void nanInTheDevelopmentOrTestSetIsRejectedBeforeTraining() {
        float[] x = DEV.floatFeatures().clone();
        x[2 * 5 + 1] = Float.NaN;
        Dataset dev = Dataset.ofLabels(x, 2, DEV.labels(), 3);
        FloatLinearModel model = classifier();
        float[] initial = model.parameterArrays()[0].clone();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(sgd(0.1).build()).train(model, TRAIN, dev));
        assertEquals("development set: feature 1 of example 5 is NaN (indices from 0); every feature and target"
                + " must be a finite number", e.getMessage());
        assertArrayEquals(initial, model.parameterArrays()[0], "trained although the data was rejected");
        e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(sgd(0.1).build()).train(model, TRAIN, DEV, dev));
        assertTrue(e.getMessage().startsWith("test set: feature 1 of example 5 is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Evaluator(model).evaluate(dev));
        assertTrue(e.getMessage().startsWith("data set: feature 1 of example 5 is NaN"), e.getMessage());
    }

    @Test
    void nanInTheTrainingSetNamesTheExampleAndFeature() {
        float[] x = TRAIN.floatFeatures().clone();
        x[2 * 7] = Float.POSITIVE_INFINITY;
        Dataset train = Dataset.ofLabels(x, 2, TRAIN.labels(), 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(sgd(0.1).build()).train(classifier(), train));
        assertTrue(e.getMessage().startsWith("training set: feature 0 of example 7 is Infinity (indices from 0)"),
                e.getMessage());
    }

    @Test
    void nonFiniteTargetsAreRejectedToo() {
        double[] t = LINE.doubleTargets().clone();
        t[4] = Double.NEGATIVE_INFINITY;
        Dataset train = Dataset.ofTargets(LINE.doubleFeatures(), 2, t, 1);
        DoubleLinearModel model = new DoubleLinearModel(2, 1, Loss.MEAN_SQUARED_ERROR);
        model.initialize(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(sgd(0.1).build()).train(model, train));
        assertTrue(e.getMessage().startsWith("training set: target 0 of example 4 is -Infinity"), e.getMessage());
        assertEquals(4, train.firstNonFiniteExample());
        assertEquals(-1, LINE.firstNonFiniteExample());
    }

    @Test
    void aNanLossFromFiniteDataNamesTheExample() {
        float[] x = TRAIN.floatFeatures().clone();
        x[2 * 13] = MarkedNanModel.MARK;
        Dataset train = Dataset.ofLabels(x, 2, TRAIN.labels(), 3);
        MarkedNanModel model = new MarkedNanModel();
        model.initialize(1);
        TrainingException e = assertThrows(TrainingException.class, () -> new Trainer(sgd(0.1).build()).train(model, train));
        String m = e.getMessage();
        assertTrue(m.startsWith("loss is NaN at epoch 1, step 2 of 3 (examples 10..19 of the epoch's order)"), m);
        assertTrue(m.contains("example 13 of the training set has loss NaN"), m);
        assertTrue(m.contains("its values are finite"), m);
        assertEquals(0, e.epoch());
        assertEquals(1, e.step());
    }

    @Test
    void epochStatsCountFromOneInText() {
        TrainingResult result = new Trainer(sgd(0.1).epochs(2).build()).train(classifier(), TRAIN);
        assertTrue(result.history().get(0).toString().startsWith("epoch 1: "), result.history().get(0).toString());
        assertTrue(result.lastEpoch().toString().startsWith("epoch 2: "), result.lastEpoch().toString());
    }
}
