package io.chainrule.spark.samples;

import io.chainrule.Precision;
import io.chainrule.data.CsvReader;
import io.chainrule.data.Dataset;
import io.chainrule.data.IndexFile;
import io.chainrule.data.Scaler;
import io.chainrule.data.Split;
import io.chainrule.io.ModelFile;
import io.chainrule.spark.SparkScorer;
import io.chainrule.spark.SparkTrainer;
import io.chainrule.train.Adam;
import io.chainrule.train.EpochStats;
import io.chainrule.train.TrainerConfig;
import io.chainrule.train.TrainingListener;
import io.chainrule.train.TrainingResult;
import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark sample: trains the digits network (64-32-10, ReLU) on a local Spark session with the
 * executors doing the work, saves it, then scores the test DataFrame from the saved file.
 *
 * <pre>mvn -B -q install -DskipTests -pl spark -am    # once: builds the module and its Spark class path
 * mvn -B -q -pl spark exec:exec -Dexec.args="[--data DIR] [--mode sync|local] [--master local[2]] [--out DIR]"
 * spark-submit --class io.chainrule.spark.samples.DigitsOnSpark spark/target/chainrule-spark.jar --data DIR</pre>
 *
 * {@code DIR} holds digits.csv and has the benchmark protocol's digits-split.txt beside it
 * (default {@code ../shared/data} from the repository root, or {@code ../../shared/data} from
 * {@code spark/}, where {@code exec:exec} runs it). The model file goes to {@code out/}.
 */
public final class DigitsOnSpark {
    private DigitsOnSpark() {
    }

    public static void main(String[] args) throws IOException {
        // the shared data beside this checkout, from the repository root or from spark/
        File data = new File("../shared/data");
        if (!data.isDirectory()) {
            data = new File("../../shared/data");
        }
        String mode = "local";
        String master = null;
        File out = new File("out");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data": data = new File(args[++i]); break;
                case "--mode": mode = args[++i]; break;
                case "--master": master = args[++i]; break;
                case "--out": out = new File(args[++i]); break;
                default:
                    System.err.println("error: unknown option " + args[i]
                            + "; usage: [--data DIR] [--mode sync|local] [--master URL] [--out DIR]");
                    System.exit(2);
                    return;
            }
        }
        if (!new File(data, "digits.csv").isFile()) {
            System.err.println("error: " + new File(data, "digits.csv") + " not found; pass --data DIR");
            System.exit(1);
            return;
        }
        if (!mode.equals("sync") && !mode.equals("local")) {
            System.err.println("error: --mode must be sync or local, was " + mode);
            System.exit(2);
            return;
        }
        SparkSession.Builder builder = SparkSession.builder().appName("chainrule-digits")
                .config("spark.ui.enabled", "false");
        if (master != null) {
            builder.master(master);
        } else if (!System.getProperties().containsKey("spark.master")) {
            builder.master("local[2]"); // spark-submit sets spark.master
        }
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            run(spark, data, mode.equals("sync") ? SparkTrainer.Mode.SYNCHRONOUS : SparkTrainer.Mode.LOCAL_SGD, out);
        } finally {
            spark.stop();
        }
    }

    private static void run(SparkSession spark, File data, SparkTrainer.Mode mode, File out) throws IOException {
        // the protocol's split: 1437 training rows (the last 200 of them the development set), 360 test rows
        Dataset all = CsvReader.builder().precision(Precision.DOUBLE).build().read(new File(data, "digits.csv"));
        int[] order = IndexFile.read(new File(data.getAbsoluteFile().getParentFile(), "digits-split.txt"));
        Split split = Split.byIndices(all, Arrays.copyOfRange(order, 0, 1237), Arrays.copyOfRange(order, 1237, 1437),
                Arrays.copyOfRange(order, 1437, order.length));
        int partitions = spark.sparkContext().defaultParallelism();
        org.apache.spark.sql.Dataset<Row> train = SparkData.frame(spark, split.train(), 16, partitions).cache();
        org.apache.spark.sql.Dataset<Row> dev = SparkData.frame(spark, split.dev(), 16, partitions).cache();
        org.apache.spark.sql.Dataset<Row> test = SparkData.frame(spark, split.test(), 16, partitions).cache();

        DigitsRelu model = new DigitsRelu();
        model.initialize(42);
        boolean sync = mode == SparkTrainer.Mode.SYNCHRONOUS;
        // synchronous: large steps (one Spark job each); local SGD: small local steps, averaged once an epoch
        TrainerConfig config = TrainerConfig.builder().epochs(sync ? 60 : 40).batchSize(sync ? 256 : 16)
                .chunkSize(sync ? 64 : 16).seed(42).optimizer(new Adam()).learningRate(sync ? 0.01 : 0.005)
                .earlyStopping(8).listener(new Progress()).build();
        System.out.printf(Locale.ROOT, "digits on Spark %s (%s, %d partitions): %s, %s%n", spark.version(),
                spark.sparkContext().master(), partitions, model.architecture(),
                sync ? "synchronous, batch 256 in chunks of 64" : "local SGD, batch 16, averaged every epoch");
        long start = System.nanoTime();
        TrainingResult result = SparkTrainer.builder(config).mode(mode).localOptimizer(() -> new Adam()).build()
                .fit(model, train, dev, test);
        System.out.printf(Locale.ROOT, "trained in %.1f s; test accuracy %.4f (%d examples)%n",
                (System.nanoTime() - start) / 1e9, result.testEvaluation().accuracy(), result.testEvaluation().size());

        if (!out.isDirectory() && !out.mkdirs()) {
            throw new IOException("cannot create " + out);
        }
        File file = new File(out, "digits-spark.chrl");
        ModelFile.save(model, Scaler.NONE, file);
        System.out.println("wrote " + file);

        // scoring: the saved file, one model per partition, prediction and probability columns added
        org.apache.spark.sql.Dataset<Row> scored = SparkScorer.load(new DigitsRelu(), file).transform(test);
        scored.select("label", "prediction", "probability").show(3, 60);
        double accuracy = scored.selectExpr("avg(CAST(prediction = label AS DOUBLE))").first().getDouble(0);
        System.out.printf(Locale.ROOT, "scored %d rows from %s: accuracy %.4f%n", scored.count(), file.getName(),
                accuracy);
    }

    /** One line per epoch on the driver. */
    private static final class Progress implements TrainingListener {
        @Override
        public void onEpochEnd(EpochStats stats) {
            System.out.printf(Locale.ROOT, "epoch %2d  train loss %.4f  dev loss %.4f acc %.4f  %.2f s%s%n",
                    stats.epoch() + 1, stats.trainLoss(), stats.devLoss(), stats.devAccuracy(), stats.nanos() / 1e9,
                    stats.improved() ? "  *" : "");
        }
    }
}
