package io.chainrule.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.chainrule.Precision;
import org.junit.jupiter.api.Test;

class FeatureScalerTest {
    private static final double EPS = 1e-12;

    /** Three examples, two features: (1, 5), (2, 5), (3, 5); the second feature is constant. */
    private static Dataset train(Precision precision) {
        Dataset d = Dataset.ofLabels(new double[] {1, 5, 2, 5, 3, 5}, 2, new int[] {0, 1, 0}, 2);
        return d.toPrecision(precision);
    }

    private static final Dataset TEST = Dataset.ofLabels(new double[] {4, 7}, 2, new int[] {1}, 2);

    @Test
    void standardizeUsesTrainingStatisticsOnly() {
        Dataset train = train(Precision.DOUBLE);
        FeatureScaler s = FeatureScaler.standardize(train);
        assertEquals(FeatureScaler.Kind.STANDARD, s.kind());
        double std = Math.sqrt(2.0 / 3); // population std of 1, 2, 3
        assertEquals(2, s.center(0), EPS);
        assertEquals(std, s.scale(0), EPS);
        assertEquals(5, s.center(1), EPS);
        assertEquals(1, s.scale(1), EPS); // constant: no division by zero

        Dataset scaled = s.transform(train);
        double[] x = scaled.doubleFeatures();
        assertEquals(-1 / std, x[0], EPS);
        assertEquals(0, x[2], EPS);
        assertEquals(1 / std, x[4], EPS);
        assertEquals(0, x[1], EPS);
        assertArrayEquals(new int[] {0, 1, 0}, scaled.labels());
        assertEquals(1, train.doubleFeatures()[0]); // the input is not modified

        double[] test = s.transform(TEST).doubleFeatures();
        assertEquals(2 / std, test[0], EPS);
        assertEquals(2, test[1], EPS);
    }

    @Test
    void minMaxMapsTrainingRangeOntoZeroOne() {
        FeatureScaler s = FeatureScaler.minMax(train(Precision.FLOAT));
        Dataset scaled = s.transform(train(Precision.FLOAT));
        assertEquals(Precision.FLOAT, scaled.precision());
        assertArrayEquals(new float[] {0, 0, 0.5f, 0, 1, 0}, scaled.floatFeatures());
        assertArrayEquals(new double[] {1.5, 2}, s.transform(TEST).doubleFeatures(), EPS);
    }

    @Test
    void transformRowAtAnOffset() {
        FeatureScaler s = FeatureScaler.minMax(train(Precision.DOUBLE));
        float[] f = {9, 3, 5, 9};
        s.transformRow(f, 1);
        assertArrayEquals(new float[] {9, 1, 0, 9}, f);
        double[] d = {2, 6};
        s.transformRow(d, 0);
        assertArrayEquals(new double[] {0.5, 1}, d, EPS);
    }

    @Test
    void regressionTargetsAreCopiedUnchanged() {
        Dataset data = Dataset.ofTargets(new float[] {1, 3}, 1, new float[] {10, 30}, 1);
        Dataset scaled = FeatureScaler.standardize(data).transform(data);
        assertArrayEquals(new float[] {-1, 1}, scaled.floatFeatures());
        assertArrayEquals(new float[] {10, 30}, scaled.floatTargets());
        assertNotSame(data.floatTargets(), scaled.floatTargets());
    }

    @Test
    void noneChangesNothing() {
        Dataset d = train(Precision.FLOAT);
        assertSame(d, Scaler.NONE.transform(d));
        float[] row = {1, 2};
        Scaler.NONE.transformRow(row, 0);
        assertArrayEquals(new float[] {1, 2}, row);
    }

    @Test
    void misuse() {
        FeatureScaler s = FeatureScaler.standardize(train(Precision.DOUBLE));
        Dataset three = Dataset.ofLabels(new float[3], 3, new int[] {0}, 1);
        assertEquals("this scaler was fitted on 2 features, the data have 3",
                assertThrows(IllegalArgumentException.class, () -> s.transform(three)).getMessage());
        Dataset empty = train(Precision.FLOAT).subset(new int[0]);
        assertThrows(IllegalArgumentException.class, () -> FeatureScaler.standardize(empty));
        assertThrows(IllegalArgumentException.class,
                () -> FeatureScaler.of(FeatureScaler.Kind.MIN_MAX, new double[] {0}, new double[] {0}));
        assertThrows(IllegalArgumentException.class,
                () -> FeatureScaler.of(FeatureScaler.Kind.MIN_MAX, new double[] {0, 1}, new double[] {1}));
        assertEquals(s, FeatureScaler.of(FeatureScaler.Kind.STANDARD, new double[] {2, 5},
                new double[] {s.scale(0), 1}));
    }
}
