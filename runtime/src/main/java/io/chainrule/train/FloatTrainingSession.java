package io.chainrule.train;

import io.chainrule.FloatModel;
import io.chainrule.data.Dataset;

/** The float inner loop: examples are read in place from the data set's flat arrays. */
final class FloatTrainingSession extends TrainingSession {
    private final FloatModel floatModel;
    private final float[] features;
    private final int featureCount;
    private final int[] labels;
    private final float[] targets;
    private final int targetSize;
    private final float[][] parameters;
    private final float[][] gradients;
    private final float[][] snapshot;

    FloatTrainingSession(FloatModel model, Dataset train, TrainerConfig config, boolean snapshots) {
        super(model, train, config);
        this.floatModel = model;
        this.features = train.floatFeatures();
        this.featureCount = train.featureCount();
        this.labels = train.hasLabels() ? train.labels() : null;
        this.targets = train.hasLabels() ? null : train.floatTargets();
        this.targetSize = train.targetSize();
        this.parameters = model.parameterArrays();
        this.gradients = model.gradientArrays();
        this.snapshot = snapshots ? BaseOptimizer.zerosLike(parameters) : null;
    }

    @Override
    double accumulate(int from, int to) {
        FloatModel m = floatModel;
        m.zeroGradients();
        if (to - from > 1) {
            // the batched path: the same bits as the loop below, with each weight row read once per batch
            return labels != null
                    ? m.lossAndGradientBatch(features, featureCount, order, from, to, labels)
                    : m.lossAndGradientBatch(features, featureCount, order, from, to, targets, targetSize);
        }
        double sum = 0;
        if (labels != null) {
            for (int r = from; r < to; r++) {
                int i = order[r];
                sum += m.lossAndGradient(features, i * featureCount, labels[i]);
            }
        } else {
            for (int r = from; r < to; r++) {
                int i = order[r];
                sum += m.lossAndGradient(features, i * featureCount, targets, i * targetSize);
            }
        }
        return sum;
    }

    @Override
    double squaredGradientNorm() {
        return Gradients.squaredNorm(gradients);
    }

    @Override
    void scaleGradients(double factor) {
        Gradients.scale(gradients, (float) factor);
    }

    @Override
    int firstNonFiniteGradientArray() {
        return Gradients.firstNonFiniteArray(gradients);
    }

    @Override
    void saveParameters() {
        for (int k = 0; k < parameters.length; k++) {
            System.arraycopy(parameters[k], 0, snapshot[k], 0, parameters[k].length);
        }
    }

    @Override
    void restoreParameters() {
        for (int k = 0; k < parameters.length; k++) {
            System.arraycopy(snapshot[k], 0, parameters[k], 0, parameters[k].length);
        }
    }
}
