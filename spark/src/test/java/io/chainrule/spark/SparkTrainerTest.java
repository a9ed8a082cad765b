package io.chainrule.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.Model;
import io.chainrule.data.Dataset;
import io.chainrule.data.Scaler;
import io.chainrule.io.ModelFile;
import io.chainrule.train.Adam;
import io.chainrule.train.EpochStats;
import io.chainrule.train.Momentum;
import io.chainrule.train.Trainer;
import io.chainrule.train.TrainerConfig;
import io.chainrule.train.TrainingException;
import io.chainrule.train.TrainingListener;
import io.chainrule.train.TrainingResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SparkTrainer} on local[4]. Synchronous mode gives the model file, the losses and the
 * gradient health of training on one machine (any thread count), to the bit, with the rows in 1, 2
 * or 4 partitions, float and double; early stopping, the listener and the loss checks carry over.
 * Local SGD is deterministic for a partitioning and learns. Bad DataFrames are refused before the
 * first step with the column and the row.
 */
class SparkTrainerTest {
    private static SparkSession spark;
    private static JavaSparkContext context;
    private static final StructType SCHEMA = new StructType().add("a", DataTypes.DoubleType)
            .add("b", DataTypes.DoubleType).add("c", DataTypes.DoubleType).add("label", DataTypes.IntegerType);
    private static List<Row> rows;
    private static List<Row> devRows;

    @BeforeAll
    static void start() {
        spark = SparkSessions.local(4);
        context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        rows = blobs(203, 1);
        devRows = blobs(60, 2);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** {@code n} points around 4 centres in 3-D, label = centre, with noise. */
    private static List<Row> blobs(int n, long seed) {
        Random random = new Random(seed);
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = i % 4;
            out.add(RowFactory.create((c & 1) * 2.0 + random.nextGaussian() * 0.4,
                    (c >> 1) * 2.0 + random.nextGaussian() * 0.4, random.nextGaussian(), c));
        }
        return out;
    }

    /** The rows in {@code partitions} partitions, in order. */
    private static org.apache.spark.sql.Dataset<Row> frame(List<Row> data, int partitions) {
        return spark.createDataFrame(context.parallelize(data, partitions), SCHEMA);
    }

    /** The same rows as a Chainrule data set, for training on one machine. */
    private static Dataset dataset(List<Row> data, boolean asFloat) {
        float[] xf = new float[data.size() * 3];
        double[] xd = new double[data.size() * 3];
        int[] y = new int[data.size()];
        for (int i = 0; i < data.size(); i++) {
            for (int j = 0; j < 3; j++) {
                xd[i * 3 + j] = data.get(i).getDouble(j);
                xf[i * 3 + j] = (float) xd[i * 3 + j];
            }
            y[i] = data.get(i).getInt(3);
        }
        return asFloat ? Dataset.ofLabels(xf, 3, y, 4) : Dataset.ofLabels(xd, 3, y, 4);
    }

    private static TrainerConfig.Builder config() {
        return TrainerConfig.builder().epochs(4).batchSize(48).chunkSize(10).seed(9)
                .optimizer(new Adam(0.9, 0.999, 1e-8, 1e-4)).learningRate(0.02).clipGradientNorm(2)
                .watchGradients(1e-4, 1e4);
    }

    private static byte[] file(Model model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelFile.write(model, Scaler.NONE, out);
        return out.toByteArray();
    }

    private static SparkTrainer synchronous(TrainerConfig config) {
        return SparkTrainer.builder(config).mode(SparkTrainer.Mode.SYNCHRONOUS)
                .features(FeatureColumns.of("a", "b", "c")).build();
    }

    private static void assertSameHistory(TrainingResult expected, TrainingResult actual) {
        assertEquals(expected.epochsRun(), actual.epochsRun());
        for (int e = 0; e < expected.epochsRun(); e++) {
            EpochStats x = expected.history().get(e);
            EpochStats y = actual.history().get(e);
            assertEquals(x.trainLoss(), y.trainLoss());
            assertEquals(x.meanGradientNorm(), y.meanGradientNorm());
            assertEquals(x.gradientHealth().weightGradientNorm(1), y.gradientHealth().weightGradientNorm(1));
            assertEquals(x.gradientHealth().outputGradientNorm(2), y.gradientHealth().outputGradientNorm(2));
        }
    }

    @Test
    void synchronousIsTheSameBitsAsOneMachineWithAnyPartitioning() throws IOException {
        SmallFloatClassifier local = new SmallFloatClassifier();
        local.initialize(4);
        TrainingResult one = new Trainer(config().threads(3).build()).train(local, dataset(rows, true));
        SmallDoubleClassifier localDouble = new SmallDoubleClassifier();
        localDouble.initialize(4);
        new Trainer(config().build()).train(localDouble, dataset(rows, false));
        for (int partitions : new int[] {1, 2, 4}) {
            SmallFloatClassifier remote = new SmallFloatClassifier();
            remote.initialize(4);
            TrainingResult viaSpark = synchronous(config().build()).fit(remote, frame(rows, partitions));
            assertArrayEquals(file(local), file(remote), partitions + " partition(s)");
            assertSameHistory(one, viaSpark);
            SmallDoubleClassifier remoteDouble = new SmallDoubleClassifier();
            remoteDouble.initialize(4);
            synchronous(config().build()).fit(remoteDouble, frame(rows, partitions));
            assertArrayEquals(file(localDouble), file(remoteDouble), partitions + " partition(s), double");
        }
    }

    @Test
    void earlyStoppingTheListenerAndTheTestSetCarryOver() throws IOException {
        List<String> events = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onEpochStart(int epoch, int steps) {
                events.add("start " + epoch + " " + steps + " " + Thread.currentThread().getName());
            }

            @Override
            public void onEpochEnd(EpochStats stats) {
                events.add("end " + stats.epoch());
            }
        };
        // dev labels disagree with training: the dev loss worsens, training stops and restores
        List<Row> shifted = new ArrayList<>();
        for (Row r : devRows) {
            shifted.add(RowFactory.create(r.get(0), r.get(1), r.get(2), (r.getInt(3) + 1) % 4));
        }
        TrainerConfig config = config().epochs(40).earlyStopping(2).listener(listener).build();
        SmallFloatClassifier remote = new SmallFloatClassifier();
        remote.initialize(4);
        TrainingResult viaSpark = synchronous(config).fit(remote, frame(rows, 2), frame(shifted, 2), frame(devRows, 3));
        assertTrue(viaSpark.stoppedEarly());
        assertTrue(viaSpark.restoredBestWeights());
        assertNotNull(viaSpark.testEvaluation());
        assertTrue(events.get(0).startsWith("start 0 5 "), events.toString());
        assertTrue(events.get(0).endsWith(Thread.currentThread().getName()), "the listener runs on the driver");
        SmallFloatClassifier local = new SmallFloatClassifier();
        local.initialize(4);
        TrainingResult one = new Trainer(config().epochs(40).earlyStopping(2).build()).train(local,
                dataset(rows, true), dataset(shifted, true), dataset(devRows, true));
        assertEquals(one.bestEpoch(), viaSpark.bestEpoch());
        assertEquals(one.testEvaluation().accuracy(), viaSpark.testEvaluation().accuracy());
        assertArrayEquals(file(local), file(remote));
    }

    @Test
    void aDivergingRunStopsWithTheMessageOfOneMachine() {
        // a learning rate far too high: the same step, the same words
        TrainerConfig config = TrainerConfig.builder().epochs(30).batchSize(48).chunkSize(10).seed(9)
                .optimizer(new Momentum(0.9)).learningRate(1e4).build();
        SmallFloatClassifier local = new SmallFloatClassifier();
        local.initialize(4);
        TrainingException expected = assertThrows(TrainingException.class,
                () -> new Trainer(config).train(local, dataset(rows, true)));
        SmallFloatClassifier remote = new SmallFloatClassifier();
        remote.initialize(4);
        TrainingException actual = assertThrows(TrainingException.class,
                () -> synchronous(config).fit(remote, frame(rows, 2)));
        assertEquals(expected.getMessage(), actual.getMessage());
    }

    @Test
    void localSgdIsDeterministicForAPartitioningAndLearns() throws IOException {
        TrainerConfig config = TrainerConfig.builder().epochs(15).batchSize(8).seed(3).optimizer(new Adam())
                .learningRate(0.02).watchGradients(1e-4, 1e4).build();
        SparkTrainer trainer = SparkTrainer.builder(config).features(FeatureColumns.of("a", "b", "c"))
                .localOptimizer(() -> new Adam()).roundsPerEpoch(2).build();
        byte[] first = null;
        for (int run = 0; run < 2; run++) {
            SmallFloatClassifier model = new SmallFloatClassifier();
            model.initialize(4);
            TrainingResult result = trainer.fit(model, frame(rows, 3), null, frame(devRows, 2));
            assertTrue(result.testEvaluation().accuracy() >= 0.9, "accuracy " + result.testEvaluation().accuracy());
            assertEquals(2, result.lastEpoch().steps());
            assertNotNull(result.lastEpoch().gradientHealth());
            if (first == null) {
                first = file(model);
            } else {
                assertArrayEquals(first, file(model));
            }
        }
        String adam = assertThrows(IllegalArgumentException.class, () -> SparkTrainer.builder(config)
                .features(FeatureColumns.of("a", "b", "c")).build().fit(new SmallFloatClassifier(), frame(rows, 2)))
                .getMessage();
        assertEquals("local SGD makes a new optimizer on every worker every round, and cannot copy a Adam; pass one "
                + "with localOptimizer(() -> new Adam(...))", adam);
    }

    @Test
    void badDataFramesAreRefusedBeforeTheFirstStep() {
        List<String> steps = new ArrayList<>();
        TrainerConfig config = config().listener(new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, double loss) {
                steps.add(epoch + "/" + step);
            }
        }).build();
        for (SparkTrainer.Mode mode : SparkTrainer.Mode.values()) {
            SparkTrainer trainer = SparkTrainer.builder(config).mode(mode).features(FeatureColumns.of("a", "b", "c"))
                    .localOptimizer(() -> new Adam()).build();
            List<Row> bad = new ArrayList<>(rows);
            bad.set(57, RowFactory.create(1.0, null, 0.5, 2));
            assertEquals("training DataFrame, row 57 (from 0, in the DataFrame's order; row 57 of partition 0): column "
                    + "'b' is null", message(trainer, bad, 2));
            bad.set(57, RowFactory.create(1.0, 2.0, Double.NaN, 2));
            assertEquals("training DataFrame, row 57 (from 0, in the DataFrame's order; row 57 of partition 0): column "
                    + "'c' is NaN; every value must be a finite number", message(trainer, bad, 2));
            bad.set(57, RowFactory.create(1.0, 2.0, 3.0, 4));
            assertEquals("training DataFrame, row 57 (from 0, in the DataFrame's order; row 57 of partition 0): label "
                    + "column 'label' is 4.0, not a class of the model (0 .. 3)", message(trainer, bad, 2));
            bad.set(57, rows.get(57));
            bad.set(150, RowFactory.create(1e39, 2.0, 3.0, 1));
            String tooLarge = message(trainer, bad, 2);
            assertTrue(tooLarge.startsWith("training DataFrame, row 150 (from 0, in the DataFrame's order; row 49 of "
                    + "partition 1): column 'a' is 1.0E39 (not finite as a float)"), tooLarge);
        }
        SparkTrainer wrong = SparkTrainer.builder(config).mode(SparkTrainer.Mode.SYNCHRONOUS)
                .features(FeatureColumns.of("a", "b")).build();
        assertEquals("training DataFrame has 2 feature columns ('a', 'b') but the model takes 3 inputs",
                assertThrows(IllegalArgumentException.class, () -> wrong.fit(new SmallFloatClassifier(),
                        frame(rows, 2))).getMessage());
        SparkTrainer labelless = SparkTrainer.builder(config).mode(SparkTrainer.Mode.SYNCHRONOUS)
                .features(FeatureColumns.of("a", "b", "c")).label("class").build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> labelless.fit(new SmallFloatClassifier(),
                frame(rows, 2))).getMessage().startsWith("training DataFrame has no column 'class'; its columns are"));
        assertTrue(steps.isEmpty(), steps.toString());
    }

    private static String message(SparkTrainer trainer, List<Row> data, int partitions) {
        SmallFloatClassifier model = new SmallFloatClassifier();
        model.initialize(1);
        return assertThrows(IllegalArgumentException.class, () -> trainer.fit(model, frame(data, partitions)))
                .getMessage();
    }
}
