package io.chainrule.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.Loss;
import io.chainrule.data.Dataset;
import org.junit.jupiter.api.Test;

class EvaluationTest {
    @Test
    void metricsOfAHandCheckedConfusionMatrix() {
        int[][] confusion = {
            {5, 1, 0},
            {2, 3, 1},
            {0, 0, 4},
        };
        Evaluation e = Evaluation.fromConfusionMatrix(confusion, 0.25);
        assertEquals(16, e.size());
        assertEquals(0.75, e.accuracy());
        assertEquals(5.0 / 7, e.precision(0), 1e-15);
        assertEquals(5.0 / 6, e.recall(0), 1e-15);
        assertEquals(0.75, e.precision(1), 1e-15);
        assertEquals(0.5, e.recall(1), 1e-15);
        assertEquals(0.6, e.f1(1), 1e-15);
        assertEquals(0.8, e.precision(2), 1e-15);
        assertEquals(1.0, e.recall(2), 1e-15);
        double f1Zero = 2 * (5.0 / 7) * (5.0 / 6) / (5.0 / 7 + 5.0 / 6);
        assertEquals((f1Zero + 0.6 + 2 * 0.8 / 1.8) / 3, e.macroF1(), 1e-15);
        assertEquals(0.25, e.meanLoss());
        assertTrue(Double.isNaN(e.meanSquaredError()));
        e.confusionMatrix()[0][0] = 99;
        assertEquals(5, e.confusionMatrix()[0][0], "the matrix is copied");
    }

    @Test
    void emptyClassesScoreZeroNotNaN() {
        Evaluation e = Evaluation.fromConfusionMatrix(new int[][] {{3, 0}, {0, 0}}, 0);
        assertEquals(0.0, e.precision(1));
        assertEquals(0.0, e.recall(1));
        assertEquals(0.0, e.f1(1));
        assertThrows(IllegalArgumentException.class, () -> Evaluation.fromConfusionMatrix(new int[][] {{1, 2}}, 0));
    }

    @Test
    void evaluatorBuildsTheConfusionMatrixFromArgmax() {
        // s0 = x0, s1 = x1, s2 = 0
        DoubleLinearModel model = new DoubleLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        model.parameterArrays()[0][0] = 1;
        model.parameterArrays()[1][1] = 1;
        double[] x = {2, 0, 0, 2, -1, -1, 1, 0};
        int[] y = {0, 1, 2, 1};
        Evaluation e = new Evaluator(model).evaluate(Dataset.ofLabels(x, 2, y, 3));
        int[][] expected = {{1, 0, 0}, {1, 1, 0}, {0, 0, 1}};
        for (int a = 0; a < 3; a++) {
            assertEquals(java.util.Arrays.toString(expected[a]), java.util.Arrays.toString(e.confusionMatrix()[a]));
        }
        double loss = 0;
        for (int i = 0; i < 4; i++) {
            loss += model.loss(x, 2 * i, y[i]);
        }
        assertEquals(loss / 4, e.meanLoss(), 1e-15);
        assertEquals(0.75, e.accuracy());
    }

    @Test
    void regressionErrorsByHand() {
        DoubleLinearModel model = new DoubleLinearModel(1, 1, Loss.MEAN_SQUARED_ERROR);
        model.parameterArrays()[0][0] = 2;
        // predictions 2, 4, 0 against 1, 5, 0.5: errors 1, -1, -0.5
        Evaluation e = new Evaluator(model).evaluate(Dataset.ofTargets(new double[] {1, 2, 0}, 1,
                new double[] {1, 5, 0.5}, 1));
        assertEquals(0.75, e.meanSquaredError(), 1e-15);
        assertEquals(2.5 / 3, e.meanAbsoluteError(), 1e-15);
        assertEquals(0.75, e.meanLoss(), 1e-15);
        assertTrue(Double.isNaN(e.accuracy()));
        assertThrows(IllegalStateException.class, e::confusionMatrix);
    }

    /**
     * Past one chunk of {@code lossAndPredictBatch} (600 examples: 256, 256 and 88): the confusion
     * matrix is the one {@code predict} gives example by example, the mean loss that of
     * {@code loss} (summed per chunk, so to rounding), and the regression errors, summed in the
     * same order as before, to the last bit.
     */
    @Test
    void evaluatorCountsEveryExampleAcrossChunks() {
        int n = 2 * Evaluator.CHUNK + 88;
        java.util.Random random = new java.util.Random(600);
        FloatLinearModel classifier = new FloatLinearModel(3, 4, Loss.SOFTMAX_CROSS_ENTROPY);
        FloatLinearModel regressor = new FloatLinearModel(3, 2, Loss.MEAN_SQUARED_ERROR);
        for (FloatLinearModel m : new FloatLinearModel[] {classifier, regressor}) {
            for (float[] row : m.parameterArrays()) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = (float) random.nextGaussian();
                }
            }
        }
        float[] x = new float[n * 3];
        int[] y = new int[n];
        float[] t = new float[n * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(4);
            t[2 * i] = (float) random.nextGaussian();
            t[2 * i + 1] = (float) random.nextGaussian();
        }
        int[][] confusion = new int[4][4];
        double loss = 0;
        float[] out = new float[4];
        for (int i = 0; i < n; i++) {
            loss += classifier.loss(x, 3 * i, y[i]);
            classifier.predict(x, 3 * i, out);
            confusion[y[i]][Evaluator.predictedClass(Loss.SOFTMAX_CROSS_ENTROPY, out, 4)]++;
        }
        Evaluation e = new Evaluator(classifier).evaluate(Dataset.ofLabels(x, 3, y, 4));
        assertEquals(java.util.Arrays.deepToString(confusion), java.util.Arrays.deepToString(e.confusionMatrix()));
        assertEquals(n, e.size());
        assertEquals(loss / n, e.meanLoss(), 1e-12 * Math.abs(loss / n));

        double regressionLoss = 0;
        double squared = 0;
        double absolute = 0;
        for (int i = 0; i < n; i++) {
            regressionLoss += regressor.loss(x, 3 * i, t, 2 * i);
            regressor.predict(x, 3 * i, out);
            for (int k = 0; k < 2; k++) {
                double error = (double) out[k] - t[2 * i + k];
                squared += error * error;
                absolute += Math.abs(error);
            }
        }
        Evaluation r = new Evaluator(regressor).evaluate(Dataset.ofTargets(x, 3, t, 2));
        assertEquals(squared / (2.0 * n), r.meanSquaredError());
        assertEquals(absolute / (2.0 * n), r.meanAbsoluteError());
        assertEquals(regressionLoss / n, r.meanLoss(), 1e-12 * Math.abs(regressionLoss / n));
    }

    /** The interfaces' {@code lossAndPredictBatch}, for hand-written models: {@code loss} and {@code predict} on each example. */
    @Test
    void defaultLossAndPredictBatchIsLossThenPredict() {
        DoubleLinearModel model = new DoubleLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY);
        model.parameterArrays()[0][0] = 1;
        model.parameterArrays()[1][2] = -2;
        double[] x = {9, 2, 0, 0, 2, -1, -1, 1, 0};
        int[] y = {7, 0, 1, 2, 1};
        double[] out = new double[2 + 4 * 3];
        double sum = model.lossAndPredictBatch(x, 1, 4, y, 1, out, 2);
        double expected = 0;
        double[] one = new double[3];
        for (int e = 0; e < 4; e++) {
            expected += model.loss(x, 1 + 2 * e, y[1 + e]);
            model.predict(x, 1 + 2 * e, one);
            for (int k = 0; k < 3; k++) {
                assertEquals(one[k], out[2 + 3 * e + k], "example " + e + ", output " + k);
            }
        }
        assertEquals(expected, sum);
        assertEquals(0.0, out[0]);
        assertEquals(0.0, out[1]);
    }

    @Test
    void predictedClassRules() {
        assertEquals(1, Evaluator.predictedClass(Loss.SIGMOID_CROSS_ENTROPY, new float[] {0.5f}, 1));
        assertEquals(0, Evaluator.predictedClass(Loss.SIGMOID_CROSS_ENTROPY, new double[] {0.49}, 1));
        assertEquals(1, Evaluator.predictedClass(Loss.SIGMOID_CROSS_ENTROPY, new double[] {0.2, 0.7, 0.7}, 3));
        assertEquals(0, Evaluator.predictedClass(Loss.MULTICLASS_HINGE, new float[] {3f, 3f, -1f}, 3));
        assertEquals(2, Evaluator.predictedClass(Loss.SOFTMAX_CROSS_ENTROPY, new float[] {0.1f, 0.2f, 0.7f, 0.9f}, 3));
        // one example's outputs among others: the class counts from the example's first output
        assertEquals(1, Evaluator.predictedClass(Loss.SOFTMAX_CROSS_ENTROPY, new float[] {0.9f, 0.1f, 0.2f, 0.8f, 0.1f}, 2, 3));
        assertEquals(1, Evaluator.predictedClass(Loss.MULTICLASS_HINGE, new double[] {5, 1, 2, 2}, 1, 3));
        assertEquals(1, Evaluator.predictedClass(Loss.SIGMOID_CROSS_ENTROPY, new float[] {0.1f, 0.6f}, 1, 1));
        assertEquals(0, Evaluator.predictedClass(Loss.SIGMOID_CROSS_ENTROPY, new double[] {0.9, 0.4}, 1, 1));
    }

    @Test
    void evaluatorRejectsIncompatibleData() {
        Evaluator evaluator = new Evaluator(new DoubleLinearModel(2, 3, Loss.SOFTMAX_CROSS_ENTROPY));
        String message = assertThrows(IllegalArgumentException.class,
                () -> evaluator.evaluate(Dataset.ofLabels(new float[] {1, 2}, 2, new int[] {0}, 3))).getMessage();
        assertTrue(message.contains("FLOAT values but the model computes in DOUBLE"), message);
    }
}
