package io.chainrule.train;

/**
 * Metrics of a model on a data set: the mean loss, and either classification metrics (accuracy,
 * confusion matrix, per-class precision, recall and F1) or regression metrics (MSE and MAE over
 * all target values). Immutable. Metrics that do not apply to the kind of data are NaN.
 *
 * <p>Precision, recall and F1 of a class with a zero denominator (never predicted, never present)
 * are 0.
 */
public final class Evaluation {
    private final int size;
    private final double meanLoss;
    private final int[][] confusion;
    private final double meanSquaredError;
    private final double meanAbsoluteError;

    private Evaluation(int size, double meanLoss, int[][] confusion, double meanSquaredError,
            double meanAbsoluteError) {
        this.size = size;
        this.meanLoss = meanLoss;
        this.confusion = confusion;
        this.meanSquaredError = meanSquaredError;
        this.meanAbsoluteError = meanAbsoluteError;
    }

    /**
     * Classification metrics from a square confusion matrix ({@code confusion[actual][predicted]}
     * counts examples; copied) and the mean loss.
     */
    public static Evaluation fromConfusionMatrix(int[][] confusion, double meanLoss) {
        int classes = confusion.length;
        int[][] copy = new int[classes][];
        int size = 0;
        for (int a = 0; a < classes; a++) {
            if (confusion[a].length != classes) {
                throw new IllegalArgumentException("confusion matrix must be square: row " + a + " has "
                        + confusion[a].length + " columns, expected " + classes);
            }
            copy[a] = confusion[a].clone();
            for (int p = 0; p < classes; p++) {
                if (copy[a][p] < 0) {
                    throw new IllegalArgumentException("negative count at [" + a + "][" + p + "]");
                }
                size += copy[a][p];
            }
        }
        return new Evaluation(size, meanLoss, copy, Double.NaN, Double.NaN);
    }

    /** Regression metrics: mean loss, mean squared and mean absolute error per target value. */
    static Evaluation ofRegression(int size, double meanLoss, double meanSquaredError, double meanAbsoluteError) {
        return new Evaluation(size, meanLoss, null, meanSquaredError, meanAbsoluteError);
    }

    /** Number of examples evaluated. */
    public int size() {
        return size;
    }

    /** True for classification metrics, false for regression metrics. */
    public boolean isClassification() {
        return confusion != null;
    }

    /** Mean loss per example. */
    public double meanLoss() {
        return meanLoss;
    }

    /** Number of classes (0 for regression). */
    public int classCount() {
        return confusion == null ? 0 : confusion.length;
    }

    /** Fraction of examples whose predicted class is their label; NaN for regression. */
    public double accuracy() {
        if (confusion == null || size == 0) {
            return Double.NaN;
        }
        int correct = 0;
        for (int c = 0; c < confusion.length; c++) {
            correct += confusion[c][c];
        }
        return (double) correct / size;
    }

    /**
     * A copy of the confusion matrix: {@code [actual][predicted]} counts examples.
     *
     * @throws IllegalStateException for regression metrics
     */
    public int[][] confusionMatrix() {
        requireClassification();
        int[][] copy = new int[confusion.length][];
        for (int a = 0; a < confusion.length; a++) {
            copy[a] = confusion[a].clone();
        }
        return copy;
    }

    /** Of the examples predicted as {@code c}, the fraction that are {@code c}. */
    public double precision(int c) {
        requireClassification();
        int predicted = 0;
        for (int a = 0; a < confusion.length; a++) {
            predicted += confusion[a][c];
        }
        return ratio(confusion[c][c], predicted);
    }

    /** Of the examples of class {@code c}, the fraction predicted as {@code c}. */
    public double recall(int c) {
        requireClassification();
        int actual = 0;
        for (int p = 0; p < confusion.length; p++) {
            actual += confusion[c][p];
        }
        return ratio(confusion[c][c], actual);
    }

    /** Harmonic mean of {@link #precision(int)} and {@link #recall(int)}. */
    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }

    /** Unweighted mean of {@link #f1(int)} over the classes. */
    public double macroF1() {
        requireClassification();
        double sum = 0;
        for (int c = 0; c < confusion.length; c++) {
            sum += f1(c);
        }
        return sum / confusion.length;
    }

    /** Mean over examples and target values of {@code (output − target)²}; NaN for classification. */
    public double meanSquaredError() {
        return meanSquaredError;
    }

    /** Mean over examples and target values of {@code |output − target|}; NaN for classification. */
    public double meanAbsoluteError() {
        return meanAbsoluteError;
    }

    /**
     * For example {@code loss 0.0712, accuracy 0.9778 (265/271)} or
     * {@code loss 0.0205, mse 0.0410, mae 0.1698 (30 examples)}: 4 decimals, as the samples' command
     * line prints them (4 significant digits below 0.001).
     */
    @Override
    public String toString() {
        if (confusion != null) {
            int correct = 0;
            for (int c = 0; c < confusion.length; c++) {
                correct += confusion[c][c];
            }
            return "loss " + round(meanLoss) + ", accuracy " + round(accuracy()) + " (" + correct + "/" + size + ")";
        }
        return "loss " + round(meanLoss) + ", mse " + round(meanSquaredError) + ", mae " + round(meanAbsoluteError)
                + " (" + size + " examples)";
    }

    /** {@code v} with 4 decimals, or 4 significant digits if it is below 0.001 in size (not 0). */
    static String round(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v != 0 && Math.abs(v) < 1e-3) {
            return String.format(java.util.Locale.ROOT, "%.3e", v);
        }
        return String.format(java.util.Locale.ROOT, "%.4f", v);
    }

    private void requireClassification() {
        if (confusion == null) {
            throw new IllegalStateException("regression metrics have no confusion matrix");
        }
    }

    private static double ratio(int numerator, int denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }
}
