package io.chainrule.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SplitTest {
    /** {@code sizes[c]} examples of class c, sorted by class like iris; feature = the example's index. */
    private static Dataset sorted(int... sizes) {
        int n = Arrays.stream(sizes).sum();
        float[] x = new float[n];
        int[] y = new int[n];
        int i = 0;
        for (int c = 0; c < sizes.length; c++) {
            for (int k = 0; k < sizes[c]; k++, i++) {
                x[i] = i;
                y[i] = c;
            }
        }
        return Dataset.ofLabels(x, 1, y, sizes.length);
    }

    private static void assertDisjointAndCovering(Split s, int n) {
        int[] all = new int[n];
        for (int[] part : new int[][] {s.trainIndices(), s.devIndices(), s.testIndices()}) {
            for (int i : part) {
                all[i]++;
            }
        }
        for (int count : all) {
            assertEquals(1, count);
        }
    }

    @Test
    void stratifiedKeepsClassProportions() {
        Dataset data = sorted(50, 30, 20);
        Split s = Split.stratified(data, 0.6, 0.2, 42);
        assertArrayEquals(new int[] {30, 18, 12}, CsvReaderTest.classCounts(s.train()));
        assertArrayEquals(new int[] {10, 6, 4}, CsvReaderTest.classCounts(s.dev()));
        assertArrayEquals(new int[] {10, 6, 4}, CsvReaderTest.classCounts(s.test()));
        assertDisjointAndCovering(s, 100);
    }

    @Test
    void irisLikeEightyTwenty() {
        Split s = Split.stratified(sorted(50, 50, 50), 0.8, 0, 1);
        assertArrayEquals(new int[] {40, 40, 40}, CsvReaderTest.classCounts(s.train()));
        assertArrayEquals(new int[] {10, 10, 10}, CsvReaderTest.classCounts(s.test()));
        assertEquals(0, s.dev().size());
    }

    @Test
    void totalsFollowTheFractionsWhenClassesDoNotDivideEvenly() {
        Dataset data = sorted(178, 182, 177, 183, 181, 182, 181, 179, 174, 180); // digits
        Split s = Split.stratified(data, 0.8, 0, 0);
        assertEquals(1437, s.train().size()); // floor(1797 * 0.8) = floor(1437.6), as in scikit-learn
        assertEquals(360, s.test().size());
        int[] train = CsvReaderTest.classCounts(s.train());
        int[] all = CsvReaderTest.classCounts(data);
        for (int c = 0; c < 10; c++) {
            assertTrue(Math.abs(train[c] - 0.8 * all[c]) < 1, "class " + c + ": " + train[c]);
        }
        assertDisjointAndCovering(s, 1797);
    }

    @Test
    void deterministicForASeedAndShuffled() {
        Dataset data = sorted(50, 30, 20);
        Split a = Split.stratified(data, 0.6, 0.2, 7);
        Split b = Split.stratified(data, 0.6, 0.2, 7);
        Split c = Split.stratified(data, 0.6, 0.2, 8);
        assertArrayEquals(a.trainIndices(), b.trainIndices());
        assertArrayEquals(a.testIndices(), b.testIndices());
        assertFalse(Arrays.equals(a.trainIndices(), c.trainIndices()));
        // Parts are interleaved, not sorted by class.
        int[] labels = a.train().labels();
        assertFalse(Arrays.equals(labels, Arrays.stream(labels).sorted().toArray()));
    }

    @Test
    void partsHoldTheIndexedExamples() {
        Dataset data = sorted(5, 5);
        Split s = Split.stratified(data, 0.6, 0.2, 3);
        int[] indices = s.testIndices();
        for (int r = 0; r < indices.length; r++) {
            assertEquals(indices[r], s.test().feature(r, 0));
            assertEquals(data.labels()[indices[r]], s.test().labels()[r]);
        }
    }

    @Test
    void regressionDataAreSplitAsOneClass() {
        Dataset data = Dataset.ofTargets(new double[10], 1, new double[10], 1);
        Split s = Split.stratified(data, 0.7, 0.1, 0);
        assertEquals(7, s.train().size());
        assertEquals(1, s.dev().size());
        assertEquals(2, s.test().size());
        assertDisjointAndCovering(s, 10);
    }

    @Test
    void badFractions() {
        Dataset data = sorted(5, 5);
        assertThrows(IllegalArgumentException.class, () -> Split.stratified(data, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Split.stratified(data, 0.8, 0.3, 0));
        assertThrows(IllegalArgumentException.class, () -> Split.stratified(data, Double.NaN, 0, 0));
    }

    @Test
    void byIndicesChecksRangeAndOverlap() {
        Dataset data = sorted(3, 3);
        Split s = Split.byIndices(data, new int[] {5, 0}, new int[] {1}, new int[0]);
        assertArrayEquals(new int[] {1, 0}, s.train().labels());
        assertEquals("index 1 appears twice (again in the test part)", assertThrows(IllegalArgumentException.class,
                () -> Split.byIndices(data, new int[] {1}, new int[0], new int[] {1})).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Split.byIndices(data, new int[] {6}, new int[0], new int[0]));
    }

    @Test
    void byPermutationNeedsAFullPermutation() {
        Dataset data = sorted(2, 2);
        Split s = Split.byPermutation(data, new int[] {3, 1, 0, 2}, 3);
        assertArrayEquals(new int[] {3, 1, 0}, s.trainIndices());
        assertArrayEquals(new int[] {2}, s.testIndices());
        assertThrows(IllegalArgumentException.class, () -> Split.byPermutation(data, new int[] {0, 1, 2}, 2));
        assertThrows(IllegalArgumentException.class, () -> Split.byPermutation(data, new int[] {0, 1, 2, 2}, 2));
    }

    @Test
    void oneCallScalesAllThreePartsWithTheTrainingStatistics() throws IOException {
        File iris = SharedData.file("iris.csv");
        assumeTrue(iris != null, "iris.csv not found; set CHAINRULE_DATA");
        Dataset data = CsvReader.builder().build().read(iris);
        Split split = Split.stratified(data, 0.6, 0.2, 42);
        assertEquals(Scaler.NONE, split.scaler());
        Split scaled = split.standardize();
        FeatureScaler fitted = FeatureScaler.standardize(split.train());
        assertEquals(fitted, scaled.scaler());
        assertArrayEquals(fitted.transform(split.train()).floatFeatures(), scaled.train().floatFeatures());
        assertArrayEquals(fitted.transform(split.dev()).floatFeatures(), scaled.dev().floatFeatures());
        assertArrayEquals(fitted.transform(split.test()).floatFeatures(), scaled.test().floatFeatures());
        assertArrayEquals(split.testIndices(), scaled.testIndices());
        assertArrayEquals(split.test().labels(), scaled.test().labels());
        assertEquals(data.schema(), scaled.test().schema());
        assertEquals(FeatureScaler.minMax(split.train()), split.minMax().scaler());
        assertThrows(IllegalStateException.class, scaled::standardize);

        // a value far outside the training part's range becomes infinite: named, not trained on
        float[] x = data.floatFeatures().clone();
        int row = split.testIndices()[3];
        x[row * 4 + 1] = 3e38f;
        Dataset wide = Dataset.ofLabels(x, 4, data.labels(), 3).withSchema(data.schema());
        String message = assertThrows(IllegalArgumentException.class,
                () -> Split.stratified(wide, 0.6, 0.2, 42).standardize()).getMessage();
        assertEquals("example " + row + " (from 0, in the test part): feature 'sepal_width_cm' is 3.0000000054977558E38,"
                + " Infinity after scaling with the training part's statistics; a model cannot use it", message);
    }
}
