package io.chainrule.spark;

import io.chainrule.Precision;
import io.chainrule.data.Dataset;
import java.io.Serializable;

/**
 * A training set as the executors of synchronous training receive it (one broadcast per
 * training): the flat arrays of a Chainrule {@link Dataset}, which they read in place.
 */
final class TrainingData implements Serializable {
    private static final long serialVersionUID = 1L;

    final Precision precision;
    final int featureCount;
    final float[] floatFeatures;
    final double[] doubleFeatures;
    final int[] labels;
    final float[] floatTargets;
    final double[] doubleTargets;
    final int targetSize;

    private TrainingData(Dataset data) {
        this.precision = data.precision();
        this.featureCount = data.featureCount();
        boolean isFloat = precision == Precision.FLOAT;
        this.floatFeatures = isFloat ? data.floatFeatures() : null;
        this.doubleFeatures = isFloat ? null : data.doubleFeatures();
        this.labels = data.hasLabels() ? data.labels() : null;
        this.floatTargets = !data.hasLabels() && isFloat ? data.floatTargets() : null;
        this.doubleTargets = !data.hasLabels() && !isFloat ? data.doubleTargets() : null;
        this.targetSize = data.hasLabels() ? 0 : data.targetSize();
    }

    static TrainingData of(Dataset data) {
        return new TrainingData(data);
    }
}
