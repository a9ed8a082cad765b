package io.chainrule.data;

import io.chainrule.Precision;

/**
 * Examples held in one flat array in a model's precision, with either a class index per example
 * or a target vector per example (or, for new inputs to predict, neither). Example {@code i}'s
 * features are {@code features[i * featureCount() .. (i + 1) * featureCount())}, so a model reads
 * them in place at offset {@code i * featureCount()}: nothing is copied or allocated per example.
 *
 * <p>A data set read from a table carries its {@link Schema} (column roles, class names, the
 * encoding of each feature column); subsets, precision conversions and scaled copies keep it.
 */
public final class Dataset {
    private final int size;
    private final int featureCount;
    private final float[] floatFeatures;
    private final double[] doubleFeatures;
    private final int[] labels;
    private final int classCount;
    private final float[] floatTargets;
    private final double[] doubleTargets;
    private final int targetSize;
    private final Schema schema;

    private Dataset(int featureCount, float[] floatFeatures, double[] doubleFeatures, int[] labels,
            int classCount, float[] floatTargets, double[] doubleTargets, int targetSize) {
        this(featureCount, floatFeatures, doubleFeatures, labels, classCount, floatTargets, doubleTargets, targetSize,
                null);
    }

    private Dataset(int featureCount, float[] floatFeatures, double[] doubleFeatures, int[] labels,
            int classCount, float[] floatTargets, double[] doubleTargets, int targetSize, Schema schema) {
        if (featureCount < 1) {
            throw new IllegalArgumentException("featureCount must be at least 1, was " + featureCount);
        }
        int length = floatFeatures != null ? floatFeatures.length : doubleFeatures.length;
        if (length % featureCount != 0) {
            throw new IllegalArgumentException("features length " + length
                    + " is not a multiple of featureCount " + featureCount);
        }
        this.size = length / featureCount;
        this.featureCount = featureCount;
        this.floatFeatures = floatFeatures;
        this.doubleFeatures = doubleFeatures;
        this.labels = labels;
        this.classCount = classCount;
        this.floatTargets = floatTargets;
        this.doubleTargets = doubleTargets;
        this.targetSize = targetSize;
        this.schema = schema;
        if (schema != null) {
            checkSchema(schema);
        }
        if (labels != null) {
            if (labels.length != size) {
                throw new IllegalArgumentException(size + " examples but " + labels.length + " labels");
            }
            for (int i = 0; i < size; i++) {
                if (labels[i] < 0 || labels[i] >= classCount) {
                    throw new IllegalArgumentException("label " + labels[i] + " of example " + i
                            + " is outside 0.." + (classCount - 1));
                }
            }
        } else if (floatTargets != null || doubleTargets != null) {
            int targets = floatTargets != null ? floatTargets.length : doubleTargets.length;
            if (targetSize < 1 || targets != size * targetSize) {
                throw new IllegalArgumentException(size + " examples need " + size * targetSize
                        + " target values of size " + targetSize + ", got " + targets);
            }
        }
    }

    /** Classification data in float. */
    public static Dataset ofLabels(float[] features, int featureCount, int[] labels, int classCount) {
        return new Dataset(featureCount, features, null, labels, classCount, null, null, 0);
    }

    /** Classification data in double. */
    public static Dataset ofLabels(double[] features, int featureCount, int[] labels, int classCount) {
        return new Dataset(featureCount, null, features, labels, classCount, null, null, 0);
    }

    /** Regression data in float: {@code targetSize} target values per example. */
    public static Dataset ofTargets(float[] features, int featureCount, float[] targets, int targetSize) {
        return new Dataset(featureCount, features, null, null, 0, targets, null, targetSize);
    }

    /** Regression data in double: {@code targetSize} target values per example. */
    public static Dataset ofTargets(double[] features, int featureCount, double[] targets, int targetSize) {
        return new Dataset(featureCount, null, features, null, 0, null, targets, targetSize);
    }

    /**
     * Features without labels or targets, in float: inputs to predict (training and evaluation
     * need labels or targets).
     */
    public static Dataset ofFeatures(float[] features, int featureCount) {
        return new Dataset(featureCount, features, null, null, 0, null, null, 0);
    }

    /** Features without labels or targets, in double; see {@link #ofFeatures(float[], int)}. */
    public static Dataset ofFeatures(double[] features, int featureCount) {
        return new Dataset(featureCount, null, features, null, 0, null, null, 0);
    }

    /**
     * This data set (sharing its arrays) with {@code schema}, which must describe it: as many
     * inputs as features, and class names for each class (classification) or as many target
     * columns as target values (regression).
     */
    public Dataset withSchema(Schema schema) {
        return new Dataset(featureCount, floatFeatures, doubleFeatures, labels, classCount, floatTargets,
                doubleTargets, targetSize, schema);
    }

    /** How the data were read from a table, or null for a data set made from arrays. */
    public Schema schema() {
        return schema;
    }

    /** The name of class {@code c}: from the schema if there is one, else its index as text. */
    public String className(int c) {
        return schema != null ? schema.className(c) : Integer.toString(c);
    }

    /** True if the data set holds neither labels nor targets (inputs to predict). */
    public boolean isFeaturesOnly() {
        return labels == null && floatTargets == null && doubleTargets == null;
    }

    private void checkSchema(Schema schema) {
        if (schema.featureCount() != featureCount) {
            throw new IllegalArgumentException("the schema describes " + schema.featureCount()
                    + " features but the data set has " + featureCount);
        }
        if (labels != null && schema.hasLabels() && schema.classNames().size() < classCount) {
            throw new IllegalArgumentException("the schema names " + schema.classNames().size()
                    + " classes but the data set has " + classCount);
        }
        if (labels == null && targetSize > 0 && schema.targetColumns().size() != targetSize) {
            throw new IllegalArgumentException("the schema has " + schema.targetColumns().size()
                    + " target columns but the data set has " + targetSize + " targets per example");
        }
    }

    /** Number of examples. */
    public int size() {
        return size;
    }

    /** Number of features per example. */
    public int featureCount() {
        return featureCount;
    }

    /** The precision the features (and targets) are stored in. */
    public Precision precision() {
        return floatFeatures != null ? Precision.FLOAT : Precision.DOUBLE;
    }

    /** True for classification data (a class index per example). */
    public boolean hasLabels() {
        return labels != null;
    }

    /** Number of classes (labels are {@code 0 .. classCount() - 1}); 0 for regression data. */
    public int classCount() {
        return classCount;
    }

    /** Number of target values per example; 0 for classification data. */
    public int targetSize() {
        return targetSize;
    }

    /** The flat float features; throws if the data set is double. */
    public float[] floatFeatures() {
        if (floatFeatures == null) {
            throw new IllegalStateException("this data set holds double features");
        }
        return floatFeatures;
    }

    /** The flat double features; throws if the data set is float. */
    public double[] doubleFeatures() {
        if (doubleFeatures == null) {
            throw new IllegalStateException("this data set holds float features");
        }
        return doubleFeatures;
    }

    /** Feature {@code j} of example {@code i}, in double whatever the storage. */
    public double feature(int i, int j) {
        int k = i * featureCount + j;
        return floatFeatures != null ? floatFeatures[k] : doubleFeatures[k];
    }

    /** The class indices, one per example; throws for regression data. */
    public int[] labels() {
        if (labels == null) {
            throw new IllegalStateException(isFeaturesOnly() ? "this data set holds features only, no labels"
                    : "this data set holds target vectors, not labels");
        }
        return labels;
    }

    /** The flat float targets; throws unless this is float regression data. */
    public float[] floatTargets() {
        if (floatTargets == null) {
            throw new IllegalStateException("this data set holds no float targets");
        }
        return floatTargets;
    }

    /** The flat double targets; throws unless this is double regression data. */
    public double[] doubleTargets() {
        if (doubleTargets == null) {
            throw new IllegalStateException("this data set holds no double targets");
        }
        return doubleTargets;
    }

    /** Target value {@code t} of example {@code i}, in double whatever the storage. */
    public double target(int i, int t) {
        int k = i * targetSize + t;
        return floatTargets != null ? floatTargets[k] : doubleTargets[k];
    }

    /**
     * The index of the first example that holds a NaN or infinite feature or target value, or -1
     * if every value is finite. A data set may hold such values; the trainer and the evaluator
     * reject them before they start, naming the example and the feature or target.
     */
    public int firstNonFiniteExample() {
        int features = floatFeatures != null ? firstNonFinite(floatFeatures) : firstNonFinite(doubleFeatures);
        int first = features < 0 ? -1 : features / featureCount;
        if (labels == null && !isFeaturesOnly()) {
            int targets = floatTargets != null ? firstNonFinite(floatTargets) : firstNonFinite(doubleTargets);
            if (targets >= 0 && (first < 0 || targets / targetSize < first)) {
                first = targets / targetSize;
            }
        }
        return first;
    }

    private static int firstNonFinite(float[] values) {
        for (int k = 0; k < values.length; k++) {
            // false for NaN too; Float.isFinite is Java 8 but Android API 24
            if (!(Math.abs(values[k]) <= Float.MAX_VALUE)) {
                return k;
            }
        }
        return -1;
    }

    private static int firstNonFinite(double[] values) {
        for (int k = 0; k < values.length; k++) {
            if (!(Math.abs(values[k]) <= Double.MAX_VALUE)) {
                return k;
            }
        }
        return -1;
    }

    /** A new data set of the examples at {@code indices}, in that order (copies them). */
    public Dataset subset(int[] indices) {
        return select(indices, precision());
    }

    /** This data set in {@code precision} (itself if it already is). */
    public Dataset toPrecision(Precision precision) {
        if (precision == precision()) {
            return this;
        }
        int[] all = new int[size];
        for (int i = 0; i < size; i++) {
            all[i] = i;
        }
        return select(all, precision);
    }

    private Dataset select(int[] indices, Precision to) {
        int n = indices.length;
        float[] fx = to == Precision.FLOAT ? new float[n * featureCount] : null;
        double[] dx = to == Precision.DOUBLE ? new double[n * featureCount] : null;
        for (int r = 0; r < n; r++) {
            int i = indices[r];
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException("example " + i + " of " + size);
            }
            for (int j = 0; j < featureCount; j++) {
                double v = feature(i, j);
                if (fx != null) {
                    fx[r * featureCount + j] = (float) v;
                } else {
                    dx[r * featureCount + j] = v;
                }
            }
        }
        if (labels != null) {
            int[] y = new int[n];
            for (int r = 0; r < n; r++) {
                y[r] = labels[indices[r]];
            }
            return new Dataset(featureCount, fx, dx, y, classCount, null, null, 0, schema);
        }
        if (isFeaturesOnly()) {
            return new Dataset(featureCount, fx, dx, null, 0, null, null, 0, schema);
        }
        float[] ft = to == Precision.FLOAT ? new float[n * targetSize] : null;
        double[] dt = to == Precision.DOUBLE ? new double[n * targetSize] : null;
        for (int r = 0; r < n; r++) {
            for (int t = 0; t < targetSize; t++) {
                double v = target(indices[r], t);
                if (ft != null) {
                    ft[r * targetSize + t] = (float) v;
                } else {
                    dt[r * targetSize + t] = v;
                }
            }
        }
        return new Dataset(featureCount, fx, dx, null, 0, ft, dt, targetSize, schema);
    }

    /** A data set of these labels or targets and schema, with other features (same count and precision). */
    Dataset withFeatures(float[] fx, double[] dx) {
        return new Dataset(featureCount, fx, dx, labels == null ? null : labels.clone(), classCount,
                floatTargets == null ? null : floatTargets.clone(), doubleTargets == null ? null : doubleTargets.clone(),
                targetSize, schema);
    }
}
