package io.chainrule.benchmarks.data;

import io.chainrule.Precision;
import io.chainrule.data.CsvReader;
import io.chainrule.data.Dataset;
import io.chainrule.data.IndexFile;
import io.chainrule.data.Split;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The digits data of workloads P1 and P2: features divided by 16, split by the protocol's
 * {@code digits-split.txt} (first 1437 indices train, the rest test), in float and double.
 */
public final class DigitsData {
    /** Features per example. */
    public static final int FEATURES = 64;
    /** Number of classes. */
    public static final int CLASSES = 10;
    /** Training examples in the protocol's split. */
    public static final int TRAIN_SIZE = 1437;

    private static final double SCALE = 16.0;

    /** The training features, row-major, {@code FEATURES} per example. */
    public final float[] trainFloat;
    /** {@link #trainFloat} in double. */
    public final double[] trainDouble;
    /** The training labels. */
    public final int[] trainLabels;
    /** The test features, row-major. */
    public final float[] testFloat;
    /** {@link #testFloat} in double. */
    public final double[] testDouble;
    /** The test labels. */
    public final int[] testLabels;

    private DigitsData(Dataset train, Dataset test) {
        trainDouble = scaled(train.doubleFeatures());
        trainFloat = toFloat(trainDouble);
        trainLabels = train.labels();
        testDouble = scaled(test.doubleFeatures());
        testFloat = toFloat(testDouble);
        testLabels = test.labels();
    }

    /** Loads the digits from the {@link DataDirectory}; fails with a clear message if absent. */
    public static DigitsData load() {
        File dir = DataDirectory.require();
        try {
            Dataset all = CsvReader.builder().precision(Precision.DOUBLE).build()
                    .read(new File(dir, "digits.csv"));
            int[] permutation = IndexFile.read(new File(dir.getParentFile(), "digits-split.txt"));
            Split split = Split.byPermutation(all, permutation, TRAIN_SIZE);
            return new DigitsData(split.train(), split.test());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the digits data in " + dir, e);
        }
    }

    private static double[] scaled(double[] features) {
        double[] out = new double[features.length];
        for (int i = 0; i < features.length; i++) {
            out[i] = features[i] / SCALE;
        }
        return out;
    }

    private static float[] toFloat(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
