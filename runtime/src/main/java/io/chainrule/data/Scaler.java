package io.chainrule.data;

/**
 * A per-feature transformation of the inputs, fitted on training data and applied unchanged to
 * every other data set and to each new input at prediction time. Implementations are immutable.
 * {@link FeatureScaler} provides standardisation and min-max scaling; {@link #NONE} changes
 * nothing. A model file stores the model's scaler with its parameters (see
 * {@code io.chainrule.io.ModelFile}).
 */
public interface Scaler {
    /** The identity: {@code transform} returns its argument, {@code transformRow} does nothing. */
    Scaler NONE = new IdentityScaler();

    /** A new data set with the features transformed; labels or targets are copied unchanged. */
    Dataset transform(Dataset data);

    /** Transforms in place the features of one example, {@code row[offset .. offset + featureCount)}. */
    void transformRow(float[] row, int offset);

    /** Transforms in place the features of one example, {@code row[offset .. offset + featureCount)}. */
    void transformRow(double[] row, int offset);
}
