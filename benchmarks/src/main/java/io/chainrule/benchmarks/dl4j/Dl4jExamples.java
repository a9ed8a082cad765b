package io.chainrule.benchmarks.dl4j;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A fixed number of examples in two ND4J arrays (features {@code [count, features]}, one-hot
 * labels {@code [count, classes]}, double, row-major), and DL4J {@link DataSet}s that are views of
 * consecutive rows of them, one per batch: a trainer hands those to {@code fit} as they are, with
 * no copy or allocation of its own. {@link #load} rewrites the rows in place (a new example order
 * each epoch), so the views stay valid.
 */
public final class Dl4jExamples {
    private final int count;
    private final int features;
    private final int classes;
    private final double[] featureRows;
    private final double[] labelRows;
    private final INDArray x;
    private final INDArray y;

    /** Room for {@code count} examples of {@code features} features and {@code classes} classes. */
    public Dl4jExamples(int count, int features, int classes) {
        this.count = count;
        this.features = features;
        this.classes = classes;
        featureRows = new double[count * features];
        labelRows = new double[count * classes];
        x = Nd4j.create(DataType.DOUBLE, count, features);
        y = Nd4j.create(DataType.DOUBLE, count, classes);
    }

    /** The number of examples. */
    public int count() {
        return count;
    }

    /**
     * Sets the rows to the examples {@code order[from .. from + count())} of {@code data} (row
     * {@code i}: features at {@code data[i * features ..]}, label {@code labels[i]}), in that order:
     * two copies into Java arrays, and one copy each into the native arrays. Allocates nothing.
     */
    public void load(double[] data, int[] labels, int[] order, int from) {
        Arrays.fill(labelRows, 0.0);
        for (int n = 0; n < count; n++) {
            int example = order[from + n];
            System.arraycopy(data, example * features, featureRows, n * features, features);
            labelRows[n * classes + labels[example]] = 1.0;
        }
        x.data().setData(featureRows);
        y.data().setData(labelRows);
    }

    /**
     * The rows as data sets of {@code batch} consecutive examples (the last one may be smaller),
     * views of the arrays {@link #load} fills.
     */
    public DataSet[] batches(int batch) {
        DataSet[] batches = new DataSet[(count + batch - 1) / batch];
        for (int k = 0; k < batches.length; k++) {
            long start = (long) k * batch;
            long stop = Math.min(start + batch, count);
            batches[k] = new DataSet(x.get(NDArrayIndex.interval(start, stop), NDArrayIndex.all()),
                    y.get(NDArrayIndex.interval(start, stop), NDArrayIndex.all()));
        }
        return batches;
    }
}
