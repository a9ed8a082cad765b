package io.chainrule.data;

import io.chainrule.Precision;

import java.util.Arrays;

/**
 * The affine per-feature scaling {@code x'_j = (x_j - center_j) / scale_j}, fitted on training
 * data only: either standardisation (z-score: centre the mean, divide by the standard deviation)
 * or min-max scaling to {@code [0, 1]}. A feature that is constant in the training data gets
 * scale 1, so it becomes 0 on the training data and nothing is ever divided by zero.
 *
 * <pre>{@code
 * FeatureScaler scaler = FeatureScaler.standardize(split.train());
 * Dataset train = scaler.transform(split.train());
 * Dataset test = scaler.transform(split.test());     // with the training statistics
 * scaler.transformRow(input, 0);                      // a new example, before predict
 * }</pre>
 */
public final class FeatureScaler implements Scaler {
    /** Which statistics {@code center} and {@code scale} hold. */
    public enum Kind {
        /** Center: the mean; scale: the standard deviation (population, divided by n). */
        STANDARD,
        /** Center: the minimum; scale: maximum minus minimum. */
        MIN_MAX
    }

    private final Kind kind;
    private final double[] center;
    private final double[] scale;

    private FeatureScaler(Kind kind, double[] center, double[] scale) {
        this.kind = kind;
        this.center = center;
        this.scale = scale;
    }

    /**
     * Standardisation fitted on {@code train}: each feature gets mean 0 and standard deviation 1
     * on the training data (a constant feature: 0).
     */
    public static FeatureScaler standardize(Dataset train) {
        int n = checkFittable(train);
        int features = train.featureCount();
        double[] mean = new double[features];
        double[] std = new double[features];
        for (int j = 0; j < features; j++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double v = train.feature(i, j);
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            if (min == max) {
                mean[j] = min;
                std[j] = 1;
                continue;
            }
            mean[j] = sum / n;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                double d = train.feature(i, j) - mean[j];
                squares += d * d;
            }
            double s = Math.sqrt(squares / n);
            std[j] = s > 0 ? s : 1;
        }
        return new FeatureScaler(Kind.STANDARD, mean, std);
    }

    /**
     * Min-max scaling fitted on {@code train}: each feature's training values map onto
     * {@code [0, 1]} (a constant feature: 0); values outside the training range map outside it.
     */
    public static FeatureScaler minMax(Dataset train) {
        int n = checkFittable(train);
        int features = train.featureCount();
        double[] min = new double[features];
        double[] range = new double[features];
        for (int j = 0; j < features; j++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double v = train.feature(i, j);
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            min[j] = lo;
            range[j] = hi > lo ? hi - lo : 1;
        }
        return new FeatureScaler(Kind.MIN_MAX, min, range);
    }

    /**
     * A scaler with the given statistics (for example read from a model file): one finite center
     * and one finite, positive scale per feature.
     */
    public static FeatureScaler of(Kind kind, double[] center, double[] scale) {
        if (kind == null) {
            throw new NullPointerException("kind");
        }
        if (center.length == 0 || center.length != scale.length) {
            throw new IllegalArgumentException("need one center and one scale per feature, got "
                    + center.length + " centers and " + scale.length + " scales");
        }
        for (int j = 0; j < center.length; j++) {
            if (Double.isNaN(center[j]) || Double.isInfinite(center[j])
                    || !(scale[j] > 0) || Double.isInfinite(scale[j])) {
                throw new IllegalArgumentException("feature " + j + ": center " + center[j] + ", scale "
                        + scale[j] + "; the center must be finite and the scale finite and positive");
            }
        }
        return new FeatureScaler(kind, center.clone(), scale.clone());
    }

    /** Standardisation or min-max. */
    public Kind kind() {
        return kind;
    }

    /** Number of features this scaler was fitted on. */
    public int featureCount() {
        return center.length;
    }

    /** The value subtracted from feature {@code j}: its mean or its minimum. */
    public double center(int j) {
        return center[j];
    }

    /** The divisor of feature {@code j}: its standard deviation or its range (1 if constant). */
    public double scale(int j) {
        return scale[j];
    }

    @Override
    public Dataset transform(Dataset data) {
        checkFeatures(data.featureCount());
        int n = data.size();
        int features = center.length;
        boolean isFloat = data.precision() == Precision.FLOAT;
        float[] fx = isFloat ? data.floatFeatures().clone() : null;
        double[] dx = isFloat ? null : data.doubleFeatures().clone();
        for (int i = 0; i < n; i++) {
            if (isFloat) {
                transformRow(fx, i * features);
            } else {
                transformRow(dx, i * features);
            }
        }
        return data.withFeatures(fx, dx);
    }

    @Override
    public void transformRow(float[] row, int offset) {
        for (int j = 0; j < center.length; j++) {
            row[offset + j] = (float) ((row[offset + j] - center[j]) / scale[j]);
        }
    }

    @Override
    public void transformRow(double[] row, int offset) {
        for (int j = 0; j < center.length; j++) {
            row[offset + j] = (row[offset + j] - center[j]) / scale[j];
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FeatureScaler)) {
            return false;
        }
        FeatureScaler other = (FeatureScaler) o;
        return kind == other.kind && Arrays.equals(center, other.center) && Arrays.equals(scale, other.scale);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * kind.hashCode() + Arrays.hashCode(center)) + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return "FeatureScaler." + kind + "(" + center.length + " features)";
    }

    private void checkFeatures(int features) {
        if (features != center.length) {
            throw new IllegalArgumentException("this scaler was fitted on " + center.length
                    + " features, the data have " + features);
        }
    }

    private static int checkFittable(Dataset train) {
        if (train.size() == 0) {
            throw new IllegalArgumentException("cannot fit a scaler on an empty data set");
        }
        return train.size();
    }
}
