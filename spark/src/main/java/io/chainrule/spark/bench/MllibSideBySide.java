package io.chainrule.spark.bench;

import io.chainrule.FloatModel;
import io.chainrule.spark.FeatureColumns;
import io.chainrule.spark.SparkScorer;
import io.chainrule.spark.SparkTrainer;
import io.chainrule.spark.samples.DigitsRelu;
import io.chainrule.spark.samples.DigitsSigmoid;
import io.chainrule.spark.samples.MnistRelu;
import io.chainrule.spark.samples.MnistSigmoid;
import io.chainrule.spark.samples.SparkData;
import io.chainrule.train.Adam;
import io.chainrule.train.EpochStats;
import io.chainrule.train.TrainerConfig;
import io.chainrule.train.TrainingListener;
import io.chainrule.train.TrainingResult;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Chainrule's Spark trainer and scorer beside Spark MLlib's {@code MultilayerPerceptronClassifier}
 * on the same cached DataFrames in the same run (local[2], 2 partitions unless told otherwise):
 * MLlib's test accuracy and fit time (L-BFGS, its default solver), then each Chainrule variant's
 * test accuracy after every epoch and the wall time from the start of {@code fit} to the first
 * epoch at MLlib's accuracy or better (the epoch's training, not the evaluation after it); then
 * scoring throughput of both on a DataFrame of {@code --score-rows} rows (each system's transform,
 * written to Spark's {@code noop} sink so that every output column is computed). Medians of
 * {@code --runs} runs.
 *
 * <pre>java -Xmx6g [Spark's flags] -cp ... io.chainrule.spark.bench.MllibSideBySide
 *     --data ../shared/data --set digits|mnist [--runs 3] [--master local[2]] [--partitions 2]
 *     [--mllib-iterations 100] [--score-rows 500000]</pre>
 */
public final class MllibSideBySide {
    private MllibSideBySide() {
    }

    /** One Chainrule variant: network, mode and settings. */
    private static final class Variant {
        final String name;
        final boolean sigmoid;
        final SparkTrainer.Mode mode;
        final int batch;
        final int chunk;
        final double rate;
        final int epochs;
        final int localEpochs;
        final List<Double> accuracy = new ArrayList<>();
        final List<Double> secondsToTarget = new ArrayList<>();
        final List<Double> seconds = new ArrayList<>();
        final List<Double> epochsToTarget = new ArrayList<>();

        Variant(String name, boolean sigmoid, SparkTrainer.Mode mode, int batch, int chunk, double rate, int epochs,
                int localEpochs) {
            this.name = name;
            this.sigmoid = sigmoid;
            this.mode = mode;
            this.batch = batch;
            this.chunk = chunk;
            this.rate = rate;
            this.epochs = epochs;
            this.localEpochs = localEpochs;
        }
    }

    public static void main(String[] args) throws Exception {
        File data = new File("../shared/data");
        String set = "digits";
        int runs = 3;
        String master = "local[2]";
        int partitions = 2;
        int iterations = 100;
        int scoreRows = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data": data = new File(args[++i]); break;
                case "--set": set = args[++i]; break;
                case "--runs": runs = Integer.parseInt(args[++i]); break;
                case "--master": master = args[++i]; break;
                case "--partitions": partitions = Integer.parseInt(args[++i]); break;
                case "--mllib-iterations": iterations = Integer.parseInt(args[++i]); break;
                case "--score-rows": scoreRows = Integer.parseInt(args[++i]); break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        boolean digits = set.equals("digits");
        if (scoreRows == 0) {
            scoreRows = digits ? 500_000 : 50_000;
        }
        SparkSession spark = SparkSession.builder().master(master).appName("chainrule-vs-mllib")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        try {
            SparkData frames = digits ? SparkData.digits(spark, data, partitions)
                    : SparkData.mnist(spark, new File(data, "mnist"), partitions);
            org.apache.spark.sql.Dataset<Row> train = frames.train.cache();
            org.apache.spark.sql.Dataset<Row> test = frames.test.cache();
            System.out.printf(Locale.ROOT, "%s: %d training rows, %d test rows, %s, %d partitions, Spark %s, Java %s%n",
                    set, train.count(), test.count(), master, partitions, spark.version(),
                    System.getProperty("java.version"));
            int hidden = digits ? 32 : 128;
            int inputs = digits ? 64 : 784;
            List<Variant> variants = new ArrayList<>();
            if (digits) {
                variants.add(new Variant("sigmoid, local SGD, batch 4, 4 passes/round", true,
                        SparkTrainer.Mode.LOCAL_SGD, 4, 4, 0.01, 25, 4));
                variants.add(new Variant("ReLU, local SGD, batch 4, 4 passes/round", false,
                        SparkTrainer.Mode.LOCAL_SGD, 4, 4, 0.005, 25, 4));
                variants.add(new Variant("ReLU, synchronous, batch 128 in chunks of 64", false,
                        SparkTrainer.Mode.SYNCHRONOUS, 128, 64, 0.01, 60, 1));
            } else {
                variants.add(new Variant("sigmoid, local SGD, batch 32", true, SparkTrainer.Mode.LOCAL_SGD, 32, 32,
                        0.002, 8, 1));
                variants.add(new Variant("ReLU, local SGD, batch 32", false, SparkTrainer.Mode.LOCAL_SGD, 32, 32, 0.001,
                        8, 1));
                variants.add(new Variant("ReLU, synchronous, batch 2048 in chunks of 512", false,
                        SparkTrainer.Mode.SYNCHRONOUS, 2048, 512, 0.003, 20, 1));
            }
            List<Double> mllibAccuracy = new ArrayList<>();
            List<Double> mllibSeconds = new ArrayList<>();
            List<Double> mllibScoring = new ArrayList<>();
            List<Double> ourScoring = new ArrayList<>();
            org.apache.spark.sql.Dataset<Row> big = replicate(test, scoreRows).cache();
            big.count();
            MulticlassClassificationEvaluator evaluator = new MulticlassClassificationEvaluator()
                    .setMetricName("accuracy");
            for (int run = 0; run < runs; run++) {
                long start = System.nanoTime();
                MultilayerPerceptronClassificationModel mlp = new MultilayerPerceptronClassifier()
                        .setLayers(new int[] {inputs, hidden, 10}).setMaxIter(iterations).setSeed(1234L + run)
                        .fit(train);
                mllibSeconds.add((System.nanoTime() - start) / 1e9);
                double target = evaluator.evaluate(mlp.transform(test));
                mllibAccuracy.add(target);
                System.out.printf(Locale.ROOT, "run %d: MLlib MLP %d-%d-10 (sigmoid, L-BFGS, %d iterations): "
                        + "test accuracy %.4f, fit %.2f s%n", run + 1, inputs, hidden, iterations, target, mllibSeconds.get(run));
                for (Variant v : variants) {
                    measure(v, train, test, target, run, digits);
                }
                mllibScoring.add(scoreRows / timeNoop(mlp.transform(big)));
                FloatModel scorerModel = digits ? new DigitsRelu() : new MnistRelu();
                scorerModel.initialize(run);
                ourScoring.add(scoreRows / timeNoop(SparkScorer.of(scorerModel)
                        .withFeatures(FeatureColumns.vector("features")).transform(big)));
                System.out.printf(Locale.ROOT, "run %d: scoring %d rows: MLlib %.0f rows/s, Chainrule %.0f rows/s%n",
                        run + 1, scoreRows, mllibScoring.get(run), ourScoring.get(run));
            }
            System.out.printf(Locale.ROOT, "%n%s, medians of %d runs (%s, %d partitions)%n", set, runs, master,
                    partitions);
            System.out.printf(Locale.ROOT, "| system | test accuracy | time to MLlib's accuracy | total fit |%n");
            System.out.printf(Locale.ROOT, "| MLlib MLP (sigmoid, L-BFGS %d it.) | %.4f | - | %.2f s |%n", iterations,
                    median(mllibAccuracy), median(mllibSeconds));
            for (Variant v : variants) {
                double toTarget = median(v.secondsToTarget);
                System.out.printf(Locale.ROOT, "| Chainrule %s, %d epochs | %.4f | %s | %.2f s |%n", v.name, v.epochs,
                        median(v.accuracy), Double.isInfinite(toTarget) ? "not reached"
                                : String.format(Locale.ROOT, "%.2f s (epoch %.0f), %.1fx faster", toTarget,
                                        median(v.epochsToTarget), median(mllibSeconds) / toTarget),
                        median(v.seconds));
            }
            List<Double> scoringRatios = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                scoringRatios.add(ourScoring.get(run) / mllibScoring.get(run));
            }
            // the ratio of each run (both systems measured side by side), not of the two medians
            System.out.printf(Locale.ROOT, "scoring: MLlib %.0f rows/s, Chainrule %.0f rows/s; run by run %.1fx"
                    + " (median of the runs' ratios)%n", median(mllibScoring), median(ourScoring), median(scoringRatios));
        } finally {
            spark.stop();
        }
    }

    private static void measure(Variant v, org.apache.spark.sql.Dataset<Row> train,
            org.apache.spark.sql.Dataset<Row> test, double target, int run, boolean digits) {
        FloatModel model = digits ? (v.sigmoid ? new DigitsSigmoid() : new DigitsRelu())
                : (v.sigmoid ? new MnistSigmoid() : new MnistRelu());
        model.initialize(42 + run);
        long[] start = new long[1];
        double[] lastStep = new double[1];
        double[] reached = {Double.POSITIVE_INFINITY, -1};
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, double loss) {
                lastStep[0] = (System.nanoTime() - start[0]) / 1e9;
            }

            @Override
            public void onEpochEnd(EpochStats stats) {
                // the "development set" is the test set: the accuracy after each epoch
                if (reached[1] < 0 && stats.devAccuracy() >= target) {
                    reached[0] = lastStep[0];
                    reached[1] = stats.epoch() + 1;
                }
            }
        };
        TrainerConfig config = TrainerConfig.builder().epochs(v.epochs).batchSize(v.batch).chunkSize(v.chunk)
                .seed(7 + run).optimizer(new Adam()).learningRate(v.rate).listener(listener).build();
        SparkTrainer trainer = SparkTrainer.builder(config).mode(v.mode).localOptimizer(() -> new Adam())
                .localEpochs(v.localEpochs).build();
        start[0] = System.nanoTime();
        TrainingResult result = trainer.fit(model, train, test);
        double seconds = lastStep[0];
        double accuracy = result.lastEpoch().devAccuracy();
        v.accuracy.add(accuracy);
        v.seconds.add(seconds);
        v.secondsToTarget.add(reached[0]);
        v.epochsToTarget.add(reached[1]);
        System.out.printf(Locale.ROOT, "run %d: Chainrule %s: test accuracy %.4f after %d epochs (%.2f s); "
                + "MLlib's %.4f %s%n", run + 1, v.name, accuracy, v.epochs, seconds, target, reached[1] < 0 ? "not reached"
                        : String.format(Locale.ROOT, "reached after epoch %.0f, %.2f s", reached[1], reached[0]));
    }

    /** {@code df}'s rows repeated to {@code rows} rows, in as many partitions as {@code df}. */
    private static org.apache.spark.sql.Dataset<Row> replicate(org.apache.spark.sql.Dataset<Row> df, int rows) {
        long n = df.count();
        long copies = (rows + n - 1) / n;
        return df.crossJoin(df.sparkSession().range(copies).toDF("copy")).drop("copy").limit(rows)
                .repartition(df.rdd().getNumPartitions());
    }

    /** Seconds to compute every column of {@code df} (written to Spark's noop sink). */
    private static double timeNoop(org.apache.spark.sql.Dataset<Row> df) {
        long start = System.nanoTime();
        df.write().format("noop").mode("overwrite").save();
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(List<Double> values) {
        double[] sorted = new double[values.size()];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = values.get(i);
        }
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
