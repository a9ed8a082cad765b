package io.chainrule.train;

import io.chainrule.DoubleModel;
import io.chainrule.data.Dataset;

/** The double inner loop: examples are read in place from the data set's flat arrays. */
final class DoubleTrainingSession extends TrainingSession {
    private final DoubleModel doubleModel;
    private final double[] features;
    private final int featureCount;
    private final int[] labels;
    private final double[] targets;
    private final int targetSize;
    private final double[][] parameters;
    private final double[][] gradients;
    private final double[][] snapshot;

    DoubleTrainingSession(DoubleModel model, Dataset train, TrainerConfig config, boolean snapshots,
            TrainingSession primary) {
        super(model, train, config, primary);
        this.doubleModel = model;
        this.features = train.doubleFeatures();
        this.featureCount = train.featureCount();
        this.labels = train.hasLabels() ? train.labels() : null;
        this.targets = train.hasLabels() ? null : train.doubleTargets();
        this.targetSize = train.targetSize();
        this.parameters = model.parameterArrays();
        this.gradients = model.gradientArrays();
        this.snapshot = snapshots ? BaseOptimizer.zerosLike(parameters) : null;
    }

    @Override
    double accumulate(int from, int to) {
        DoubleModel m = doubleModel;
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
    double exampleLoss(int i) {
        return labels != null ? doubleModel.loss(features, i * featureCount, labels[i])
                : doubleModel.loss(features, i * featureCount, targets, i * targetSize);
    }

    @Override
    int firstNonFiniteParameterArray() {
        for (int k = 0; k < parameters.length; k++) {
            double[] p = parameters[k];
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
    double reduceGradients(TrainingSession[] parts, int partCount, int fromArray, int toArray, double factor) {
        double f = factor;
        double sum = 0;
        for (int k = fromArray; k < toArray; k++) {
            // g = (g + g_1 + ... + g_last) * f, added in part order whichever thread computes it
            double[] g = gradients[k];
            for (int p = 1; p < partCount - 1; p++) {
                double[] h = ((DoubleTrainingSession) parts[p]).gradients[k];
                for (int i = 0; i < g.length; i++) {
                    g[i] += h[i];
                }
            }
            // the last part's addition, the scaling and the squared norm in one pass; the norm in 4
            // independent sums (one chain of additions would be latency-bound)
            double[] h = ((DoubleTrainingSession) parts[partCount - 1]).gradients[k];
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int i = 0;
            for (; i + 3 < g.length; i += 4) {
                double a = (g[i] + h[i]) * f;
                double b = (g[i + 1] + h[i + 1]) * f;
                double c = (g[i + 2] + h[i + 2]) * f;
                double d = (g[i + 3] + h[i + 3]) * f;
                g[i] = a;
                g[i + 1] = b;
                g[i + 2] = c;
                g[i + 3] = d;
                s0 += a * a;
                s1 += b * b;
                s2 += c * c;
                s3 += d * d;
            }
            for (; i < g.length; i++) {
                double a = (g[i] + h[i]) * f;
                g[i] = a;
                s0 += a * a;
            }
            sum += (s0 + s1) + (s2 + s3);
        }
        return sum;
    }

    @Override
    void pullParameters(TrainingSession primary) {
        double[][] from = ((DoubleTrainingSession) primary).parameters;
        for (int k = 0; k < parameters.length; k++) {
            System.arraycopy(from[k], 0, parameters[k], 0, parameters[k].length);
        }
    }

    @Override
    void scaleGradients(double factor) {
        Gradients.scale(gradients, factor);
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
