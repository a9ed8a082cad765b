package io.chainrule.spark;

import io.chainrule.Precision;
import io.chainrule.data.Dataset;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * One partition of a DataFrame as flat arrays, the form a Chainrule {@link Dataset} reads in place:
 * row {@code i}'s features at {@code features[i * featureCount ..]}, its label or targets beside.
 * Built on the executors without boxing (from Spark's internal rows); the first unusable row of the
 * partition stops the block and is recorded ({@link #badRow}, {@link #problem}).
 */
final class DataBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    final int partition;
    final Precision precision;
    final int featureCount;
    /** Class count (labels), or 0 for targets. */
    final int classCount;
    /** Targets per row (regression), or 0 for labels. */
    final int targetSize;
    int rows;
    float[] floatFeatures;
    double[] doubleFeatures;
    int[] labels;
    float[] floatTargets;
    double[] doubleTargets;
    /** The row (in the partition) that could not be read, or -1. */
    int badRow = -1;
    String problem;
    private transient Dataset dataset;

    private DataBlock(int partition, Precision precision, int featureCount, int classCount, int targetSize) {
        this.partition = partition;
        this.precision = precision;
        this.featureCount = featureCount;
        this.classCount = classCount;
        this.targetSize = targetSize;
    }

    /** The rows of {@code df} as one block per partition, in partition order. */
    static JavaRDD<DataBlock> of(org.apache.spark.sql.Dataset<Row> df, RowReader features, LabelReader labels,
            int classCount, RowReader targets, Precision precision) {
        int featureCount = features.size();
        int targetSize = targets == null ? 0 : targets.size();
        return df.queryExecution().toRdd().toJavaRDD().mapPartitionsWithIndex(
                (Integer partition, Iterator<InternalRow> it) -> Collections.singletonList(read(partition, it,
                        features, labels, classCount, targets, precision, featureCount, targetSize)).iterator(),
                true);
    }

    private static DataBlock read(int partition, Iterator<InternalRow> it, RowReader features, LabelReader labels,
            int classCount, RowReader targets, Precision precision, int featureCount, int targetSize) {
        DataBlock b = new DataBlock(partition, precision, featureCount, labels != null ? classCount : 0, targetSize);
        boolean isFloat = precision == Precision.FLOAT;
        int capacity = 64;
        b.allocate(capacity);
        while (it.hasNext()) {
            InternalRow row = it.next();
            if (b.rows == capacity) {
                capacity = capacity <= Integer.MAX_VALUE / 2 / Math.max(featureCount, 1) ? capacity * 2 : capacity + 1;
                b.grow(capacity);
            }
            int code = isFloat ? features.read(row, b.floatFeatures, b.rows * featureCount)
                    : features.read(row, b.doubleFeatures, b.rows * featureCount);
            if (code != RowReader.OK) {
                b.fail(features.describe(code, row));
                break;
            }
            if (labels != null) {
                int label = labels.read(row);
                if (label == LabelReader.BAD) {
                    b.fail(labels.describe(row));
                    break;
                }
                b.labels[b.rows] = label;
            } else {
                code = isFloat ? targets.read(row, b.floatTargets, b.rows * targetSize)
                        : targets.read(row, b.doubleTargets, b.rows * targetSize);
                if (code != RowReader.OK) {
                    b.fail("target " + targets.describe(code, row));
                    break;
                }
            }
            b.rows++;
        }
        b.grow(b.rows);
        return b;
    }

    private void fail(String why) {
        badRow = rows;
        problem = why;
    }

    private void allocate(int capacity) {
        if (precision == Precision.FLOAT) {
            floatFeatures = new float[capacity * featureCount];
            floatTargets = targetSize > 0 ? new float[capacity * targetSize] : null;
        } else {
            doubleFeatures = new double[capacity * featureCount];
            doubleTargets = targetSize > 0 ? new double[capacity * targetSize] : null;
        }
        labels = classCount > 0 ? new int[capacity] : null;
    }

    /** Resizes the arrays to {@code capacity} rows, keeping the first {@link #rows}. */
    private void grow(int capacity) {
        if (floatFeatures != null) {
            floatFeatures = java.util.Arrays.copyOf(floatFeatures, capacity * featureCount);
        }
        if (doubleFeatures != null) {
            doubleFeatures = java.util.Arrays.copyOf(doubleFeatures, capacity * featureCount);
        }
        if (labels != null) {
            labels = java.util.Arrays.copyOf(labels, capacity);
        }
        if (floatTargets != null) {
            floatTargets = java.util.Arrays.copyOf(floatTargets, capacity * targetSize);
        }
        if (doubleTargets != null) {
            doubleTargets = java.util.Arrays.copyOf(doubleTargets, capacity * targetSize);
        }
    }

    /** This block as a Chainrule data set over its arrays (made once per block object). */
    Dataset dataset() {
        if (dataset == null) {
            dataset = toDataset(precision, featureCount, classCount, targetSize, rows, floatFeatures, doubleFeatures,
                    labels, floatTargets, doubleTargets);
        }
        return dataset;
    }

    private static Dataset toDataset(Precision precision, int featureCount, int classCount, int targetSize,
            int rows, float[] ff, double[] df, int[] labels, float[] ft, double[] dt) {
        if (classCount > 0) {
            return precision == Precision.FLOAT ? Dataset.ofLabels(ff, featureCount, labels, classCount)
                    : Dataset.ofLabels(df, featureCount, labels, classCount);
        }
        return precision == Precision.FLOAT ? Dataset.ofTargets(ff, featureCount, ft, targetSize)
                : Dataset.ofTargets(df, featureCount, dt, targetSize);
    }

    /**
     * Throws an {@link IllegalArgumentException} naming the first unusable row of {@code blocks}
     * (in partition order), by its index in the DataFrame's order, and the column.
     */
    static void check(List<long[]> rowsAndBadRows, List<String> problems, String role) {
        long before = 0;
        for (int p = 0; p < rowsAndBadRows.size(); p++) {
            long[] r = rowsAndBadRows.get(p);
            if (r[1] >= 0) {
                throw new IllegalArgumentException(role + ", row " + (before + r[1])
                        + " (from 0, in the DataFrame's order; row " + r[1] + " of partition " + p + "): "
                        + problems.get(p));
            }
            before += r[0];
        }
        if (before == 0) {
            throw new IllegalArgumentException(role + " has no rows");
        }
    }

    /** The blocks, checked, joined into one data set in the DataFrame's order. */
    static Dataset join(List<DataBlock> blocks, String role) {
        List<long[]> counts = new ArrayList<long[]>();
        List<String> problems = new ArrayList<String>();
        long total = 0;
        for (DataBlock b : blocks) {
            counts.add(new long[] {b.rows, b.badRow});
            problems.add(b.problem);
            total += b.rows;
        }
        check(counts, problems, role);
        DataBlock first = blocks.get(0);
        int f = first.featureCount;
        int t = first.targetSize;
        if (total * Math.max(f, t) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(role + " has " + total + " rows of " + f
                    + " features: more than one Java array holds");
        }
        int n = (int) total;
        boolean isFloat = first.precision == Precision.FLOAT;
        float[] ff = isFloat ? new float[n * f] : null;
        double[] df = isFloat ? null : new double[n * f];
        int[] labels = first.classCount > 0 ? new int[n] : null;
        float[] ft = isFloat && t > 0 ? new float[n * t] : null;
        double[] dt = !isFloat && t > 0 ? new double[n * t] : null;
        int at = 0;
        for (DataBlock b : blocks) {
            if (isFloat) {
                System.arraycopy(b.floatFeatures, 0, ff, at * f, b.rows * f);
            } else {
                System.arraycopy(b.doubleFeatures, 0, df, at * f, b.rows * f);
            }
            if (labels != null) {
                System.arraycopy(b.labels, 0, labels, at, b.rows);
            }
            if (ft != null) {
                System.arraycopy(b.floatTargets, 0, ft, at * t, b.rows * t);
            }
            if (dt != null) {
                System.arraycopy(b.doubleTargets, 0, dt, at * t, b.rows * t);
            }
            at += b.rows;
        }
        return toDataset(first.precision, f, first.classCount, t, n, ff, df, labels, ft, dt);
    }
}
