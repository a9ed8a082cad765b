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

    FloatTrainingSession(FloatModel model, Dataset train, TrainerConfig config, boolean snapshots,
            TrainingSession primary) {
        super(model, train, config, primary);
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
    double accumulateOnto(int from, int to) {
        FloatModel m = floatModel;
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
    double exampleLoss(int i) {
        return labels != null ? floatModel.loss(features, i * featureCount, labels[i])
                : floatModel.loss(features, i * featureCount, targets, i * targetSize);
    }

    @Override
    int firstNonFiniteParameterArray() {
        for (int k = 0; k < parameters.length; k++) {
            float[] p = parameters[k];
            for (int i = 0; i < p.length; i++) {
                if (!Gradients.isFinite(p[i])) {
                    return k;
                }
            }
        }
        return -1;
    }

    @Override
    double squaredGradientNorm() {
        return Gradients.squaredNorm(gradients);
    }

    @Override
    Object gradientBuffer() {
        return gradients;
    }

    @Override
    Object newGradientBuffer() {
        return BaseOptimizer.zerosLike(gradients);
    }

    @Override
    void foldFirst(Object acc, Object g, boolean clear) {
        ChunkFolds.first((float[][]) acc, (float[][]) g, clear);
    }

    @Override
    void foldAdd(Object acc, Object g, boolean clear) {
        ChunkFolds.add((float[][]) acc, (float[][]) g, clear);
    }

    @Override
    void foldLast(Object acc, Object g, double factor, int from, int to, double[] norms) {
        ChunkFolds.last(gradients, (float[][]) acc, (float[][]) g, factor, from, to, norms);
    }

    @Override
    void pullParameters(TrainingSession primary) {
        float[][] from = ((FloatTrainingSession) primary).parameters;
        for (int k = 0; k < parameters.length; k++) {
            System.arraycopy(from[k], 0, parameters[k], 0, parameters[k].length);
        }
    }

    @Override
    void scaleGradients(double factor, int from, int to) {
        Gradients.scale(gradients, (float) factor, from, to);
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
