package io.chainrule.data;

import java.util.Random;

/**
 * A data set divided into training, development (validation) and test parts, each a new
 * {@link Dataset} (see {@link Dataset#subset(int[])}), together with the indices of the original
 * examples in each part. The parts are disjoint; a part may be empty.
 *
 * <pre>{@code
 * Split split = Split.stratified(digits, 0.8, 0.0, 42);      // 1437 train / 360 test
 * Split fixed = Split.byPermutation(digits, IndexFile.read(new File("digits-split.txt")), 1437);
 * Split scaled = split.standardize();   // fitted on the training part, applied to all three
 * }</pre>
 */
public final class Split {
    private final Dataset train;
    private final Dataset dev;
    private final Dataset test;
    private final int[] trainIndices;
    private final int[] devIndices;
    private final int[] testIndices;
    private final Scaler scaler;

    private Split(Dataset data, int[] train, int[] dev, int[] test) {
        this.trainIndices = train;
        this.devIndices = dev;
        this.testIndices = test;
        this.train = data.subset(train);
        this.dev = data.subset(dev);
        this.test = data.subset(test);
        this.scaler = Scaler.NONE;
    }

    private Split(Split split, Scaler scaler) {
        this.trainIndices = split.trainIndices;
        this.devIndices = split.devIndices;
        this.testIndices = split.testIndices;
        this.train = scaled(scaler, split.train, "training", trainIndices);
        this.dev = scaled(scaler, split.dev, "development", devIndices);
        this.test = scaled(scaler, split.test, "test", testIndices);
        this.scaler = scaler;
    }

    /**
     * This split standardised: a {@link FeatureScaler#standardize} scaler fitted on the training
     * part only, applied to all three parts; {@link #scaler()} returns it, to save with the model.
     *
     * @throws IllegalArgumentException if a value becomes infinite by the scaling (one far outside
     *     the training part's range), naming the part, the example and the feature
     */
    public Split standardize() {
        return scale(FeatureScaler.standardize(unscaledTrain()));
    }

    /** This split min-max scaled, fitted on the training part; see {@link #standardize()}. */
    public Split minMax() {
        return scale(FeatureScaler.minMax(unscaledTrain()));
    }

    /**
     * This split with {@code scaler} applied to all three parts; {@link #scaler()} returns it.
     *
     * @throws IllegalArgumentException if a value becomes infinite by the scaling, naming the part,
     *     the example and the feature
     */
    public Split scale(Scaler scaler) {
        if (scaler == null) {
            throw new NullPointerException("scaler (use Scaler.NONE for none)");
        }
        if (this.scaler != Scaler.NONE) {
            throw new IllegalStateException("this split is scaled already (" + this.scaler + ")");
        }
        return new Split(this, scaler);
    }

    /** The scaler applied to the parts ({@link Scaler#NONE} unless this split was scaled). */
    public Scaler scaler() {
        return scaler;
    }

    private Dataset unscaledTrain() {
        if (scaler != Scaler.NONE) {
            throw new IllegalStateException("this split is scaled already (" + scaler + ")");
        }
        return train;
    }

    private static Dataset scaled(Scaler scaler, Dataset part, String name, int[] indices) {
        Dataset result = scaler.transform(part);
        int i = result.firstNonFiniteExample();
        for (int j = 0; i >= 0 && j < result.featureCount(); j++) {
            double v = result.feature(i, j);
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                Schema schema = part.schema();
                throw new IllegalArgumentException("example " + indices[i] + " (from 0, in the " + name + " part): feature "
                        + (schema != null ? "'" + schema.featureNames().get(j) + "'" : Integer.toString(j)) + " is "
                        + part.feature(i, j) + ", " + v + " after scaling with the training part's statistics;"
                        + " a model cannot use it");
            }
        }
        return result;
    }

    /**
     * A seeded, stratified split: about {@code trainFraction} of the examples of each class go to
     * the training part, {@code devFraction} to the development part, the rest to the test part.
     * The part sizes are {@code floor(n * trainFraction)} and {@code floor(n * devFraction)}
     * (the test part takes what is left, as in scikit-learn), apportioned to the classes by largest remainder, so
     * that each part keeps the class proportions of the whole as closely as whole numbers allow.
     *
     * <p>Deterministic: the examples of each class are shuffled with one
     * {@code java.util.Random(seed)}, class by class, and each part is then shuffled with the same
     * generator so that its classes are interleaved. The same data and seed give the same split
     * on every JVM. Regression data (no labels) are split the same way as one class.
     *
     * @param trainFraction in {@code (0, 1]}
     * @param devFraction in {@code [0, 1)}, with {@code trainFraction + devFraction <= 1}
     */
    public static Split stratified(Dataset data, double trainFraction, double devFraction, long seed) {
        if (!(trainFraction > 0 && trainFraction <= 1) || !(devFraction >= 0 && devFraction < 1)
                || trainFraction + devFraction > 1 + 1e-9) {
            throw new IllegalArgumentException("fractions must satisfy 0 < train <= 1, 0 <= dev, train + dev <= 1;"
                    + " got train " + trainFraction + ", dev " + devFraction);
        }
        int n = data.size();
        int classes = data.hasLabels() ? data.classCount() : 1;
        int[][] groups = groupByClass(data, classes);
        Random random = new Random(seed);
        for (int[] group : groups) {
            shuffle(group, random);
        }
        int[] sizes = new int[classes];
        for (int c = 0; c < classes; c++) {
            sizes[c] = groups[c].length;
        }
        // Floors, so the test part gets what is left, as in scikit-learn (digits: 1437 / 360).
        int trainTotal = (int) Math.floor(n * trainFraction + 1e-9);
        int devTotal = Math.min((int) Math.floor(n * devFraction + 1e-9), n - trainTotal);
        int[] trainCounts = apportion(sizes, trainFraction, trainTotal, sizes);
        int[] room = new int[classes];
        for (int c = 0; c < classes; c++) {
            room[c] = sizes[c] - trainCounts[c];
        }
        int[] devCounts = apportion(sizes, devFraction, devTotal, room);

        int[] train = new int[trainTotal];
        int[] dev = new int[devTotal];
        int[] test = new int[n - trainTotal - devTotal];
        int t = 0;
        int d = 0;
        int s = 0;
        for (int c = 0; c < classes; c++) {
            int[] group = groups[c];
            for (int i = 0; i < group.length; i++) {
                if (i < trainCounts[c]) {
                    train[t++] = group[i];
                } else if (i < trainCounts[c] + devCounts[c]) {
                    dev[d++] = group[i];
                } else {
                    test[s++] = group[i];
                }
            }
        }
        shuffle(train, random);
        shuffle(dev, random);
        shuffle(test, random);
        return new Split(data, train, dev, test);
    }

    /**
     * A split given by explicit example indices (each list may be empty, none may be null). The
     * indices must be in range and no index may appear twice, within a list or across lists;
     * they need not cover the whole data set.
     */
    public static Split byIndices(Dataset data, int[] train, int[] dev, int[] test) {
        boolean[] seen = new boolean[data.size()];
        checkIndices(train, "train", seen);
        checkIndices(dev, "dev", seen);
        checkIndices(test, "test", seen);
        return new Split(data, train.clone(), dev.clone(), test.clone());
    }

    /**
     * The split of a fixed-permutation protocol: {@code permutation} holds every index
     * {@code 0 .. data.size() - 1} exactly once; its first {@code trainCount} entries are the
     * training part, the rest the test part; the development part is empty.
     */
    public static Split byPermutation(Dataset data, int[] permutation, int trainCount) {
        int n = data.size();
        if (permutation.length != n) {
            throw new IllegalArgumentException("the permutation has " + permutation.length
                    + " entries but the data set has " + n + " examples");
        }
        if (trainCount < 0 || trainCount > n) {
            throw new IllegalArgumentException("trainCount " + trainCount + " is outside 0.." + n);
        }
        int[] train = new int[trainCount];
        int[] test = new int[n - trainCount];
        System.arraycopy(permutation, 0, train, 0, trainCount);
        System.arraycopy(permutation, trainCount, test, 0, n - trainCount);
        return byIndices(data, train, new int[0], test);
    }

    /** The training part. */
    public Dataset train() {
        return train;
    }

    /** The development (validation) part; may be empty. */
    public Dataset dev() {
        return dev;
    }

    /** The test part; may be empty. */
    public Dataset test() {
        return test;
    }

    /** Indices, in the original data set, of the training examples, in the order of {@link #train()}. */
    public int[] trainIndices() {
        return trainIndices.clone();
    }

    /** Indices, in the original data set, of the development examples, in the order of {@link #dev()}. */
    public int[] devIndices() {
        return devIndices.clone();
    }

    /** Indices, in the original data set, of the test examples, in the order of {@link #test()}. */
    public int[] testIndices() {
        return testIndices.clone();
    }

    private static int[][] groupByClass(Dataset data, int classes) {
        int n = data.size();
        int[] labels = data.hasLabels() ? data.labels() : new int[n];
        int[] sizes = new int[classes];
        for (int i = 0; i < n; i++) {
            sizes[labels[i]]++;
        }
        int[][] groups = new int[classes][];
        for (int c = 0; c < classes; c++) {
            groups[c] = new int[sizes[c]];
        }
        int[] filled = new int[classes];
        for (int i = 0; i < n; i++) {
            groups[labels[i]][filled[labels[i]]++] = i;
        }
        return groups;
    }

    /**
     * Whole counts {@code <= cap[c]} summing to {@code total}, each close to
     * {@code sizes[c] * fraction}: the floors first, then one more for the classes with the
     * largest remainders (ties to the lower class). Needs {@code sum(cap) >= total}.
     */
    private static int[] apportion(int[] sizes, double fraction, int total, int[] cap) {
        int classes = sizes.length;
        int[] counts = new int[classes];
        int assigned = 0;
        for (int c = 0; c < classes; c++) {
            // The epsilon keeps products like 10 * 0.7 = 6.999... from flooring one short.
            counts[c] = Math.min((int) Math.floor(sizes[c] * fraction + 1e-9), cap[c]);
            assigned += counts[c];
        }
        for (; assigned < total; assigned++) {
            int best = -1;
            double bestRemainder = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double remainder = sizes[c] * fraction - counts[c];
                if (counts[c] < cap[c] && remainder > bestRemainder) {
                    best = c;
                    bestRemainder = remainder;
                }
            }
            counts[best]++;
        }
        return counts;
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }

    private static void checkIndices(int[] indices, String part, boolean[] seen) {
        for (int index : indices) {
            if (index < 0 || index >= seen.length) {
                throw new IllegalArgumentException(part + " index " + index + " is outside 0.."
                        + (seen.length - 1));
            }
            if (seen[index]) {
                throw new IllegalArgumentException("index " + index + " appears twice (again in the "
                        + part + " part)");
            }
            seen[index] = true;
        }
    }
}
