package io.chainrule.train;

import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Loss;
import io.chainrule.Model;
import io.chainrule.Precision;
import io.chainrule.data.Dataset;

/**
 * Evaluates one model on data sets. Each example runs forward once, for its loss and its outputs
 * together ({@code lossAndPredictBatch}, in chunks of {@link #CHUNK} examples). The output buffer
 * is allocated once, here; an evaluation allocates its result (and confusion matrix) but nothing
 * per example.
 *
 * <p>The predicted class is the argmax of the outputs (the first on ties), except for
 * {@link Loss#SIGMOID_CROSS_ENTROPY} with one output, which predicts class 1 iff the output
 * probability is {@code >= 0.5}.
 */
public final class Evaluator {
    /**
     * Examples per {@code lossAndPredictBatch} call: their outputs are kept until their classes
     * (or errors) are counted.
     */
    static final int CHUNK = 256;

    private final Model model;
    private final float[] floatOutputs;
    private final double[] doubleOutputs;

    /** An evaluator for {@code model}. */
    public Evaluator(Model model) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        this.model = model;
        boolean isFloat = model.precision() == Precision.FLOAT;
        this.floatOutputs = isFloat ? new float[CHUNK * model.outputSize()] : null;
        this.doubleOutputs = isFloat ? null : new double[CHUNK * model.outputSize()];
    }

    /**
     * Mean loss and metrics of the model on {@code data}.
     *
     * @throws IllegalArgumentException if {@code data} does not fit the model or holds a NaN or
     *     infinite value (the message names the example and the feature or target)
     */
    public Evaluation evaluate(Dataset data) {
        DatasetChecks.check(model, data, "data set");
        DatasetChecks.checkValues(data, "data set");
        return evaluate(data, "data set");
    }

    /** {@link #evaluate(Dataset)} without the pass over the values, for data checked once before training. */
    Evaluation evaluate(Dataset data, String role) {
        DatasetChecks.check(model, data, role);
        if (floatOutputs != null) {
            FloatModel m = (FloatModel) model;
            return data.hasLabels() ? classify(m, data) : regress(m, data);
        }
        DoubleModel m = (DoubleModel) model;
        return data.hasLabels() ? classify(m, data) : regress(m, data);
    }

    /** The class predicted from {@code outputs[0 .. count)}, the outputs of a model with loss {@code loss}. */
    public static int predictedClass(Loss loss, float[] outputs, int count) {
        return predictedClass(loss, outputs, 0, count);
    }

    /**
     * The class predicted from {@code outputs[from .. from + count)}, one example's outputs of a
     * model with loss {@code loss} (as {@code predictBatch} writes them, one example after another).
     */
    public static int predictedClass(Loss loss, float[] outputs, int from, int count) {
        if (count == 1 && loss == Loss.SIGMOID_CROSS_ENTROPY) {
            return outputs[from] >= 0.5f ? 1 : 0;
        }
        int best = 0;
        for (int k = 1; k < count; k++) {
            if (outputs[from + k] > outputs[from + best]) {
                best = k;
            }
        }
        return best;
    }

    /** The class predicted from {@code outputs[0 .. count)}, the outputs of a model with loss {@code loss}. */
    public static int predictedClass(Loss loss, double[] outputs, int count) {
        return predictedClass(loss, outputs, 0, count);
    }

    /**
     * The class predicted from {@code outputs[from .. from + count)}, one example's outputs of a
     * model with loss {@code loss} (as {@code predictBatch} writes them, one example after another).
     */
    public static int predictedClass(Loss loss, double[] outputs, int from, int count) {
        if (count == 1 && loss == Loss.SIGMOID_CROSS_ENTROPY) {
            return outputs[from] >= 0.5 ? 1 : 0;
        }
        int best = 0;
        for (int k = 1; k < count; k++) {
            if (outputs[from + k] > outputs[from + best]) {
                best = k;
            }
        }
        return best;
    }

    private Evaluation classify(FloatModel m, Dataset data) {
        float[] x = data.floatFeatures();
        int[] labels = data.labels();
        int features = data.featureCount();
        int n = data.size();
        int outputs = m.outputSize();
        Loss loss = m.loss();
        int[][] confusion = new int[m.classCount()][m.classCount()];
        double lossSum = 0;
        for (int from = 0; from < n; from += CHUNK) {
            int count = Math.min(CHUNK, n - from);
            lossSum += m.lossAndPredictBatch(x, from * features, count, labels, from, floatOutputs, 0);
            for (int e = 0; e < count; e++) {
                confusion[labels[from + e]][predictedClass(loss, floatOutputs, e * outputs, outputs)]++;
            }
        }
        return Evaluation.fromConfusionMatrix(confusion, lossSum / n);
    }

    private Evaluation classify(DoubleModel m, Dataset data) {
        double[] x = data.doubleFeatures();
        int[] labels = data.labels();
        int features = data.featureCount();
        int n = data.size();
        int outputs = m.outputSize();
        Loss loss = m.loss();
        int[][] confusion = new int[m.classCount()][m.classCount()];
        double lossSum = 0;
        for (int from = 0; from < n; from += CHUNK) {
            int count = Math.min(CHUNK, n - from);
            lossSum += m.lossAndPredictBatch(x, from * features, count, labels, from, doubleOutputs, 0);
            for (int e = 0; e < count; e++) {
                confusion[labels[from + e]][predictedClass(loss, doubleOutputs, e * outputs, outputs)]++;
            }
        }
        return Evaluation.fromConfusionMatrix(confusion, lossSum / n);
    }

    private Evaluation regress(FloatModel m, Dataset data) {
        float[] x = data.floatFeatures();
        float[] t = data.floatTargets();
        int features = data.featureCount();
        int targets = data.targetSize();
        int n = data.size();
        double lossSum = 0;
        double squared = 0;
        double absolute = 0;
        for (int from = 0; from < n; from += CHUNK) {
            int count = Math.min(CHUNK, n - from);
            lossSum += m.lossAndPredictBatch(x, from * features, count, t, from * targets, floatOutputs, 0);
            for (int k = 0; k < count * targets; k++) {
                double e = (double) floatOutputs[k] - t[from * targets + k];
                squared += e * e;
                absolute += Math.abs(e);
            }
        }
        double values = (double) n * targets;
        return Evaluation.ofRegression(n, lossSum / n, squared / values, absolute / values);
    }

    private Evaluation regress(DoubleModel m, Dataset data) {
        double[] x = data.doubleFeatures();
        double[] t = data.doubleTargets();
        int features = data.featureCount();
        int targets = data.targetSize();
        int n = data.size();
        double lossSum = 0;
        double squared = 0;
        double absolute = 0;
        for (int from = 0; from < n; from += CHUNK) {
            int count = Math.min(CHUNK, n - from);
            lossSum += m.lossAndPredictBatch(x, from * features, count, t, from * targets, doubleOutputs, 0);
            for (int k = 0; k < count * targets; k++) {
                double e = doubleOutputs[k] - t[from * targets + k];
                squared += e * e;
                absolute += Math.abs(e);
            }
        }
        double values = (double) n * targets;
        return Evaluation.ofRegression(n, lossSum / n, squared / values, absolute / values);
    }
}
