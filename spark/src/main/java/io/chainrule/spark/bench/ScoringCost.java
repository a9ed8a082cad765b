package io.chainrule.spark.bench;

import io.chainrule.FloatModel;
import io.chainrule.spark.SparkScorer;
import io.chainrule.spark.samples.DigitsRelu;
import io.chainrule.spark.samples.MnistRelu;
import io.chainrule.spark.samples.SparkData;
import java.io.File;
import java.util.Locale;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where scoring's time goes: the same cached DataFrame of digits or MNIST training rows (a vector
 * column) read alone, scored by Chainrule (the ReLU sample network), scored by MLlib's MLP of the
 * same sizes (5 L-BFGS iterations: its transform costs the same after any number), each written to
 * the noop sink; rows per second, alternating rounds, local[2], 2 partitions.
 *
 * <pre>java [Spark's flags] -cp ... io.chainrule.spark.bench.ScoringCost DATA_DIR [digits|mnist] [rows] [rounds]</pre>
 */
public final class ScoringCost {
    private ScoringCost() {
    }

    public static void main(String[] args) throws Exception {
        boolean digits = args.length < 2 || args[1].equals("digits");
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : digits ? 300_000 : 60_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        SparkSession spark = SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        try {
            SparkData data = digits ? SparkData.digits(spark, new File(args[0]), 2)
                    : SparkData.mnist(spark, new File(args[0], "mnist"), 2);
            long n = data.train.count();
            org.apache.spark.sql.Dataset<Row> big = data.train.crossJoin(spark.range((rows + n - 1) / n).toDF("c"))
                    .drop("c").limit(rows).repartition(2).cache();
            big.count();
            FloatModel model = digits ? new DigitsRelu() : new MnistRelu();
            model.initialize(1);
            MultilayerPerceptronClassificationModel mlp = new MultilayerPerceptronClassifier()
                    .setLayers(new int[] {model.inputSize(), digits ? 32 : 128, 10}).setMaxIter(5).fit(data.train);
            for (int r = 0; r < rounds; r++) {
                double read = time(big.selectExpr("*"));
                double ours = time(SparkScorer.of(model).transform(big));
                double theirs = time(mlp.transform(big));
                System.out.printf(Locale.ROOT, "round %d: read only %.0f rows/s, Chainrule %.0f rows/s, "
                        + "MLlib %.0f rows/s (%.2fx)%n", r, rows / read, rows / ours, rows / theirs, theirs / ours);
            }
        } finally {
            spark.stop();
        }
    }

    private static double time(org.apache.spark.sql.Dataset<Row> df) {
        long start = System.nanoTime();
        df.write().format("noop").mode("overwrite").save();
        return (System.nanoTime() - start) / 1e9;
    }
}
