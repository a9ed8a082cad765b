package io.chainrule.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.Loss;
import io.chainrule.Model;
import io.chainrule.Precision;
import io.chainrule.data.Dataset;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrainerTest {
    private static final Dataset TRAIN = SyntheticData.blobs(90, 1);
    private static final Dataset DEV = SyntheticData.blobs(30, 2);

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("sgd", (Supplier<Optimizer>) GradientDescent::new, 0.1),
                Arguments.of("sgd+decay", (Supplier<Optimizer>) () -> new GradientDescent(1e-3), 0.1),
                Arguments.of("momentum", (Supplier<Optimizer>) () -> new Momentum(0.9), 0.02),
                Arguments.of("nesterov", (Supplier<Optimizer>) () -> new Momentum(0.9, true, 0.0), 0.02),
                Arguments.of("adam", (Supplier<Optimizer>) Adam::new, 0.05));
    }

    private static TrainingResult trainAndCheck(Model model, Optimizer optimizer, double lr, Precision p) {
        Dataset train = TRAIN.toPrecision(p);
        Dataset dev = DEV.toPrecision(p);
        double before = new Evaluator(model).evaluate(train).meanLoss();
        TrainerConfig config = TrainerConfig.builder().epochs(15).batchSize(8).optimizer(optimizer)
                .learningRate(lr).seed(5).build();
        TrainingResult result = new Trainer(config).train(model, train, dev);
        double after = new Evaluator(model).evaluate(train).meanLoss();
        assertTrue(after < before / 4, "loss " + before + " -> " + after);
        assertTrue(result.lastEpoch().devAccuracy() >= 0.95, "dev accuracy " + result.lastEpoch().devAccuracy());
        return result;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void everyOptimizerReducesTheLossInFloat(String name, Supplier<Optimizer> optimizer, double lr) {
        FloatLinearModel model = new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        model.initialize(7);
        trainAndCheck(model, optimizer.get(), lr, Precision.FLOAT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void everyOptimizerReducesTheLossInDouble(String name, Supplier<Optimizer> optimizer, double lr) {
        DoubleLinearModel model = new DoubleLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        model.initialize(7);
        trainAndCheck(model, optimizer.get(), lr, Precision.DOUBLE);
    }

    @Test
    void minibatchStepUsesTheMeanGradient() {
        float[] x = {1f, -2f};
        FloatLinearModel single = new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        FloatLinearModel pair = new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        single.initialize(3);
        pair.initialize(3);
        TrainerConfig.Builder config = TrainerConfig.builder().epochs(1).shuffle(false).learningRate(0.5);
        new Trainer(config.batchSize(1).build()).train(single, Dataset.ofLabels(x, 2, new int[] {2}, 3));
        new Trainer(config.batchSize(2).build()).train(pair,
                Dataset.ofLabels(new float[] {1f, -2f, 1f, -2f}, 2, new int[] {2, 2}, 3));
        for (int k = 0; k < single.parameterArrayCount(); k++) {
            assertArrayEquals(single.parameterArrays()[k], pair.parameterArrays()[k]);
        }
    }

    @Test
    void fullBatchTakesOneMeanStepPerEpoch() {
        Dataset train = TRAIN.toPrecision(Precision.FLOAT);
        FloatLinearModel trained = new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        FloatLinearModel manual = new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        trained.initialize(4);
        manual.initialize(4);
        // one chunk: the gradient summed example by example (chunks: ParallelTrainingTest)
        TrainingResult result = new Trainer(TrainerConfig.builder().fullBatch().chunkSize(train.size()).epochs(2)
                .shuffle(false).optimizer(new GradientDescent()).learningRate(0.3).build()).train(trained, train);
        assertEquals(1, result.history().get(0).steps());
        for (int epoch = 0; epoch < 2; epoch++) {
            manual.zeroGradients();
            for (int i = 0; i < train.size(); i++) {
                manual.lossAndGradient(train.floatFeatures(), i * 2, train.labels()[i]);
            }
            Gradients.scale(manual, 1.0 / train.size());
            Sgd.step(manual, 0.3);
        }
        for (int k = 0; k < trained.parameterArrayCount(); k++) {
            assertArrayEquals(manual.parameterArrays()[k], trained.parameterArrays()[k]);
        }
    }

    @Test
    void stepsPerEpochFollowTheBatchSize() {
        Dataset train = TRAIN.toPrecision(Precision.FLOAT);
        FloatLinearModel model = new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        model.initialize(1);
        TrainerConfig.Builder config = TrainerConfig.builder().epochs(1).learningRate(0.01);
        assertEquals(90, new Trainer(config.batchSize(1).build()).train(model, train).lastEpoch().steps());
        assertEquals(12, new Trainer(config.batchSize(8).build()).train(model, train).lastEpoch().steps());
        assertEquals(1, new Trainer(config.batchSize(1000).build()).train(model, train).lastEpoch().steps());
    }

    private static float[][] trainAdam(long shuffleSeed) {
        FloatLinearModel model = new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        model.initialize(3);
        TrainerConfig config = TrainerConfig.builder().epochs(5).batchSize(7).seed(shuffleSeed)
                .optimizer(new Adam(0.9, 0.999, 1e-8, 1e-3)).clipGradientNorm(2.0)
                .learningRate(LearningRateSchedule.cosine(0.05, 0.001, 5)).build();
        new Trainer(config).train(model, TRAIN.toPrecision(Precision.FLOAT), DEV.toPrecision(Precision.FLOAT));
        return SyntheticData.copy(model.parameterArrays());
    }

    @Test
    void sameSeedGivesBitIdenticalWeights() {
        float[][] first = trainAdam(11);
        float[][] second = trainAdam(11);
        for (int k = 0; k < first.length; k++) {
            assertArrayEquals(first[k], second[k]);
        }
        float[][] other = trainAdam(12);
        boolean differs = false;
        for (int k = 0; k < first.length; k++) {
            differs |= !java.util.Arrays.equals(first[k], other[k]);
        }
        assertTrue(differs, "another shuffle seed should give other weights");
    }

    @Test
    void regressionReportsMseAndMae() {
        FloatLinearModel model = new FloatLinearModel(2, 1, Loss.MEAN_SQUARED_ERROR);
        model.initialize(2);
        Dataset train = SyntheticData.line(100, 1).toPrecision(Precision.FLOAT);
        Dataset test = SyntheticData.line(40, 2).toPrecision(Precision.FLOAT);
        TrainingResult result = new Trainer(TrainerConfig.builder().epochs(30).batchSize(10)
                .optimizer(new Adam()).learningRate(0.05).build()).train(model, train, test, test);
        Evaluation evaluation = result.testEvaluation();
        assertFalse(evaluation.isClassification());
        assertTrue(evaluation.meanSquaredError() < 1e-3, "mse " + evaluation.meanSquaredError());
        assertTrue(evaluation.meanAbsoluteError() < 0.03, "mae " + evaluation.meanAbsoluteError());
        assertEquals(evaluation.meanSquaredError(), evaluation.meanLoss(), 1e-6);
        assertTrue(Double.isNaN(result.lastEpoch().devAccuracy()));
    }

    @Test
    void historyRecordsScheduleAndEvaluations() {
        FloatLinearModel model = new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        model.initialize(1);
        Dataset train = TRAIN.toPrecision(Precision.FLOAT);
        TrainingResult result = new Trainer(TrainerConfig.builder().epochs(4).evaluateTrainingSet(true)
                .learningRate(LearningRateSchedule.stepDecay(0.1, 0.5, 2)).build())
                .train(model, train, DEV.toPrecision(Precision.FLOAT), DEV.toPrecision(Precision.FLOAT));
        assertEquals(4, result.epochsRun());
        assertEquals(0.1, result.history().get(1).learningRate());
        assertEquals(0.05, result.history().get(2).learningRate());
        assertFalse(Double.isNaN(result.lastEpoch().trainAccuracy()));
        assertFalse(Double.isNaN(result.lastEpoch().devLoss()));
        assertTrue(result.lastEpoch().meanGradientNorm() > 0);
        assertNotNull(result.testEvaluation());
        assertFalse(result.stoppedEarly());
        assertTrue(result.bestEpoch() >= 0);

        TrainingResult plain = new Trainer(TrainerConfig.builder().epochs(1).build()).train(model, train);
        assertTrue(Double.isNaN(plain.lastEpoch().trainAccuracy()));
        assertNull(plain.lastEpoch().devEvaluation());
        assertNull(plain.testEvaluation());
        assertEquals(-1, plain.bestEpoch());
    }

    @Test
    void clippingBoundsEachStep() {
        FloatLinearModel model = new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        model.initialize(1);
        float[][] before = SyntheticData.copy(model.parameterArrays());
        TrainingResult result = new Trainer(TrainerConfig.builder().epochs(1).batchSize(1).learningRate(0.1)
                .optimizer(new GradientDescent()).clipGradientNorm(0.01).build()).train(model, TRAIN.toPrecision(Precision.FLOAT));
        double moved = 0;
        for (int k = 0; k < before.length; k++) {
            for (int i = 0; i < before[k].length; i++) {
                double d = model.parameterArrays()[k][i] - before[k][i];
                moved += d * d;
            }
        }
        assertTrue(Math.sqrt(moved) <= 90 * 0.1 * 0.01 * 1.0001, "moved " + Math.sqrt(moved));
        assertTrue(result.lastEpoch().meanGradientNorm() > 0.01, "the reported norm is before clipping");
    }

    private static String rejection(Model model, Dataset train) {
        return assertThrows(IllegalArgumentException.class,
                () -> new Trainer(TrainerConfig.builder().build()).train(model, train)).getMessage();
    }

    @Test
    void incompatibleDataIsRejectedUpFront() {
        FloatLinearModel classifier = new FloatLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        assertTrue(rejection(classifier, TRAIN).contains("toPrecision(Precision.FLOAT)"));
        assertTrue(rejection(classifier, Dataset.ofLabels(new float[] {1, 2, 3}, 3, new int[] {0}, 3))
                .contains("3 features per example but the model takes 2 inputs"));
        assertTrue(rejection(classifier, Dataset.ofTargets(new float[] {1, 2}, 2, new float[] {1, 0, 0}, 3))
                .contains("takes class labels"));
        assertTrue(rejection(classifier, Dataset.ofLabels(new float[] {1, 2}, 2, new int[] {4}, 5))
                .contains("5 classes"));
        FloatLinearModel regressor = new FloatLinearModel(2, 1, Loss.MEAN_SQUARED_ERROR);
        assertTrue(rejection(regressor, TRAIN.toPrecision(Precision.FLOAT)).contains("takes target vectors"));
        assertTrue(rejection(regressor, Dataset.ofTargets(new float[] {1, 2}, 2, new float[] {1, 0}, 2))
                .contains("2 target values per example but the model has 1 outputs"));
        String noDev = assertThrows(IllegalArgumentException.class,
                () -> new Trainer(TrainerConfig.builder().earlyStopping(3).build())
                        .train(classifier, TRAIN.toPrecision(Precision.FLOAT))).getMessage();
        assertTrue(noDev.contains("needs a development set"));
    }

    @Test
    void invalidSettingsAreRejected() {
        TrainerConfig.Builder b = TrainerConfig.builder();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.epochs(0)).getMessage().contains("epochs"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> b.batchSize(0)).getMessage().contains("fullBatch"));
        assertThrows(IllegalArgumentException.class, () -> b.clipGradientNorm(0));
        assertThrows(IllegalArgumentException.class, () -> b.earlyStopping(0));
        assertThrows(IllegalArgumentException.class, () -> b.minDelta(-1));
        assertThrows(IllegalArgumentException.class, () -> b.learningRate(-0.1));
        assertThrows(IllegalArgumentException.class, () -> b.optimizer(null));
    }
}
