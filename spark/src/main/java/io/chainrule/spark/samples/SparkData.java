package io.chainrule.spark.samples;

import io.chainrule.Precision;
import io.chainrule.data.CsvReader;
import io.chainrule.data.Dataset;
import io.chainrule.data.IdxReader;
import io.chainrule.data.IndexFile;
import io.chainrule.data.Split;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The sample's and the benchmark's data as Spark DataFrames of a {@code features} vector column
 * and a {@code label} column (a double, as Spark MLlib wants it): the digits of the benchmark
 * protocol (pixels / 16, its train/test split) and MNIST (pixels / 255, as {@link IdxReader} reads
 * them; the official split).
 */
public final class SparkData {
    /** The schema of every DataFrame here. */
    public static final StructType SCHEMA = new StructType().add("features", new VectorUDT(), false)
            .add("label", DataTypes.DoubleType, false);

    /** The training and test DataFrames. */
    public final org.apache.spark.sql.Dataset<Row> train;
    public final org.apache.spark.sql.Dataset<Row> test;

    private SparkData(org.apache.spark.sql.Dataset<Row> train, org.apache.spark.sql.Dataset<Row> test) {
        this.train = train;
        this.test = test;
    }

    /**
     * The digits of {@code dir}/digits.csv split by the benchmark protocol's
     * {@code digits-split.txt} (in {@code dir}'s parent): 1437 training rows, 360 test rows, each in
     * {@code partitions} partitions, in the split's order.
     */
    public static SparkData digits(SparkSession spark, File dir, int partitions) throws IOException {
        Dataset all = CsvReader.builder().precision(Precision.DOUBLE).build().read(new File(dir, "digits.csv"));
        int[] permutation = IndexFile.read(new File(dir.getAbsoluteFile().getParentFile(), "digits-split.txt"));
        Split split = Split.byPermutation(all, permutation, 1437);
        return new SparkData(frame(spark, split.train(), 16.0, partitions),
                frame(spark, split.test(), 16.0, partitions));
    }

    /** MNIST from the four IDX files (.gz or not) in {@code dir}: 60000 training rows, 10000 test rows. */
    public static SparkData mnist(SparkSession spark, File dir, int partitions) throws IOException {
        Dataset train = IdxReader.read(file(dir, "train-images-idx3-ubyte"), file(dir, "train-labels-idx1-ubyte"),
                Precision.FLOAT);
        Dataset test = IdxReader.read(file(dir, "t10k-images-idx3-ubyte"), file(dir, "t10k-labels-idx1-ubyte"),
                Precision.FLOAT);
        // IdxReader scales the pixels to 0..1 already
        return new SparkData(frame(spark, train, 1.0, partitions), frame(spark, test, 1.0, partitions));
    }

    private static File file(File dir, String name) {
        File plain = new File(dir, name);
        return plain.exists() ? plain : new File(dir, name + ".gz");
    }

    /** {@code data} with every feature divided by {@code scale}, as a DataFrame in {@code partitions} partitions. */
    public static org.apache.spark.sql.Dataset<Row> frame(SparkSession spark, Dataset data, double scale,
            int partitions) {
        List<Row> rows = new ArrayList<Row>(data.size());
        int f = data.featureCount();
        for (int i = 0; i < data.size(); i++) {
            double[] x = new double[f];
            for (int j = 0; j < f; j++) {
                // through float, as the float models see them: both systems read the same values
                x[j] = (float) (data.feature(i, j) / scale);
            }
            rows.add(RowFactory.create(Vectors.dense(x), (double) data.labels()[i]));
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(context.parallelize(rows, partitions), SCHEMA);
    }
}
