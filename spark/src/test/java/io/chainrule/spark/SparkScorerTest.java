package io.chainrule.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chainrule.data.Dataset;
import io.chainrule.data.FeatureScaler;
import io.chainrule.io.ModelFile;
import io.chainrule.kernel.Products;
import io.chainrule.spark.samples.DigitsRelu;
import io.chainrule.train.Evaluator;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SparkScorer} on local[2]: the prediction and probability columns are exactly what the
 * model computes on the driver, from a vector column or from feature columns, with a model's
 * current weights or a saved model file and its scaler, in float and double, for classification
 * and regression; bad input is an error naming the column (and row); scoring a row allocates
 * nothing of its own.
 */
class SparkScorerTest {
    private static SparkSession spark;
    private static final int ROWS = 300;
    private static float[] pixels;
    private static org.apache.spark.sql.Dataset<Row> digits;

    @BeforeAll
    static void start() {
        spark = SparkSessions.local(2);
        Random random = new Random(3);
        pixels = new float[ROWS * 64];
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            Object[] values = new Object[66];
            double[] vector = new double[64];
            for (int j = 0; j < 64; j++) {
                double v = random.nextInt(17) / 16.0;
                pixels[i * 64 + j] = (float) v;
                vector[j] = v;
                values[j] = v;
            }
            values[64] = i % 10;
            values[65] = i % 7 == 0 ? Vectors.dense(vector).toSparse() : Vectors.dense(vector);
            rows.add(RowFactory.create(values));
        }
        digits = spark.createDataFrame(rows, digitsSchema()).repartition(3);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static StructType digitsSchema() {
        List<StructField> fields = new ArrayList<>();
        for (int j = 0; j < 64; j++) {
            fields.add(new StructField("x" + j, DataTypes.DoubleType, true, Metadata.empty()));
        }
        fields.add(new StructField("label", DataTypes.IntegerType, false, Metadata.empty()));
        fields.add(new StructField("features", new VectorUDT(), true, Metadata.empty()));
        return new StructType(fields.toArray(new StructField[0]));
    }

    static String[] pixelColumns() {
        String[] names = new String[64];
        for (int j = 0; j < 64; j++) {
            names[j] = "x" + j;
        }
        return names;
    }

    private static DigitsRelu model() {
        DigitsRelu model = new DigitsRelu();
        model.initialize(7);
        return model;
    }

    /** Every scored row's prediction and probability equal the model's on the driver, for the same features. */
    private static void assertScoredLikeTheDriver(DigitsRelu model, FeatureScaler scaler, List<Row> scored) {
        assertEquals(ROWS, scored.size());
        float[] x = new float[64];
        float[] out = new float[10];
        for (Row row : scored) {
            Vector features = row.getAs("features");
            for (int j = 0; j < 64; j++) {
                x[j] = (float) features.apply(j);
                assertEquals(features.apply(j), row.getDouble(j));
            }
            if (scaler != null) {
                scaler.transformRow(x, 0);
            }
            model.predict(x, 0, out);
            assertEquals(Evaluator.predictedClass(model.loss(), out, 10), row.<Double>getAs("prediction"));
            Vector probability = row.getAs("probability");
            assertEquals(10, probability.size());
            for (int k = 0; k < 10; k++) {
                assertEquals(out[k], probability.apply(k));
            }
        }
    }

    /**
     * The scorer's blocks run on chainrule-vector's products in this module's JVMs (its dependency,
     * and {@code spark.jvm.flags} adds the Vector API's module), so the tests here compare them,
     * inside Spark, with {@code predict}'s own loops, bit for bit.
     */
    @Test
    void theVectorProductsAreInUse() {
        assertEquals("io.chainrule.vector.VectorFloatProducts",
                Products.FLOAT == null ? "none" : Products.FLOAT.getClass().getName(), Products.describe());
    }

    @Test
    void vectorColumnInPredictionAndProbabilityOut() {
        DigitsRelu model = model();
        org.apache.spark.sql.Dataset<Row> scored = SparkScorer.of(model).transform(digits);
        assertEquals(68, scored.schema().fields().length);
        assertEquals("prediction", scored.schema().fields()[66].name());
        assertEquals("probability", scored.schema().fields()[67].name());
        assertScoredLikeTheDriver(model, null, scored.collectAsList());
        // downstream Spark operators see the columns like any other
        assertEquals(ROWS, scored.filter("prediction >= 0 AND prediction < 10").count());
    }

    @Test
    void featureColumnsInTheSameResult() {
        DigitsRelu model = model();
        List<Row> scored = SparkScorer.of(model).withFeatures(FeatureColumns.of(pixelColumns()))
                .withPredictionColumn("class").withProbabilityColumn("p").transform(digits)
                .withColumnRenamed("class", "prediction").withColumnRenamed("p", "probability").collectAsList();
        assertScoredLikeTheDriver(model, null, scored);
    }

    @Test
    void aSavedModelFileWithItsScaler(@TempDir Path dir) throws IOException {
        DigitsRelu trained = model();
        FeatureScaler scaler = FeatureScaler.standardize(Dataset.ofLabels(pixels, 64, new int[ROWS], 10));
        File file = dir.resolve("digits.chrl").toFile();
        ModelFile.save(trained, scaler, file);
        SparkScorer scorer = SparkScorer.load(new DigitsRelu(), file);
        assertScoredLikeTheDriver(trained, scaler, scorer.transform(digits).collectAsList());
        Files.write(file.toPath(), new byte[] {1, 2, 3});
        assertThrows(IOException.class, () -> SparkScorer.load(new DigitsRelu(), file));
    }

    @Test
    void doublePrecisionAndRegression() {
        SmallDoubleClassifier classifier = new SmallDoubleClassifier();
        classifier.initialize(2);
        SmallRegressor regressor = new SmallRegressor();
        regressor.initialize(3);
        StructType schema = new StructType().add("a", DataTypes.FloatType).add("b", DataTypes.LongType)
                .add("c", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(RowFactory.create(i * 0.25f, (long) (i % 5), Math.sin(i)));
        }
        org.apache.spark.sql.Dataset<Row> df = spark.createDataFrame(rows, schema).repartition(2);
        List<Row> classes = SparkScorer.of(classifier).withFeatures(FeatureColumns.of("a", "b", "c")).transform(df)
                .collectAsList();
        double[] out = new double[4];
        for (Row row : classes) {
            classifier.predict(new double[] {row.getFloat(0), row.getLong(1), row.getDouble(2)}, 0, out);
            assertEquals(Evaluator.predictedClass(classifier.loss(), out, 4), row.<Double>getAs("prediction"));
            assertEquals(out[3], row.<Vector>getAs("probability").apply(3));
        }
        org.apache.spark.sql.Dataset<Row> values = SparkScorer.of(regressor).withFeatures(FeatureColumns.of("a", "c"))
                .transform(df);
        assertEquals(4, values.schema().fields().length);
        for (Row row : values.collectAsList()) {
            regressor.predict(new double[] {row.getFloat(0), row.getDouble(2)}, 0, out);
            assertEquals(out[0], row.<Double>getAs("prediction"));
        }
    }

    @Test
    void badInputNamesTheColumnAndRow() {
        SparkScorer scorer = SparkScorer.of(model());
        assertEquals("DataFrame to score has 3 feature columns ('x0', 'x1', 'x2') but the model takes 64 inputs",
                assertThrows(IllegalArgumentException.class,
                        () -> scorer.withFeatures(FeatureColumns.of("x0", "x1", "x2")).transform(digits)).getMessage());
        String missing = assertThrows(IllegalArgumentException.class,
                () -> scorer.withFeatures(FeatureColumns.vector("pixels")).transform(digits)).getMessage();
        assertTrue(missing.startsWith("DataFrame to score has no column 'pixels'; its columns are 'x0', 'x1'"), missing);
        assertEquals("DataFrame to score: column 'label' is of type int, not a vector (org.apache.spark.ml.linalg.Vector)",
                assertThrows(IllegalArgumentException.class,
                        () -> scorer.withFeatures(FeatureColumns.vector("label")).transform(digits)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> scorer.withPredictionColumn("label")
                .transform(digits)).getMessage().contains("has a column 'label' already"));
        // a null and a NaN, found by the job: Spark wraps the executor's exception
        List<Row> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Object[] values = new Object[66];
            for (int j = 0; j < 64; j++) {
                values[j] = i == 3 && j == 5 ? null : 0.5;
            }
            values[64] = i;
            values[65] = null;
            five.add(RowFactory.create(values));
        }
        org.apache.spark.sql.Dataset<Row> nulls = spark.createDataFrame(five, digitsSchema()).coalesce(1);
        Exception e = assertThrows(Exception.class, () -> scorer.withFeatures(FeatureColumns.of(pixelColumns()))
                .transform(nulls).collectAsList());
        assertEquals("DataFrame to score, row 3 of partition 0: column 'x5' is null", rootMessage(e));
        e = assertThrows(Exception.class, () -> scorer.transform(nulls).collectAsList());
        assertEquals("DataFrame to score, row 0 of partition 0: vector column 'features' is null", rootMessage(e));
        List<Row> one = new ArrayList<>();
        double[] v = new double[64];
        v[9] = Double.NaN;
        one.add(RowFactory.create(Vectors.dense(v)));
        org.apache.spark.sql.Dataset<Row> nan = spark.createDataFrame(one,
                new StructType().add("features", new VectorUDT()));
        e = assertThrows(Exception.class, () -> scorer.transform(nan).collectAsList());
        assertEquals("DataFrame to score, row 0 of partition 0: component 9 of vector column 'features' is NaN; every "
                + "value must be a finite number", rootMessage(e));
        one.set(0, RowFactory.create(Vectors.dense(new double[3])));
        org.apache.spark.sql.Dataset<Row> short3 = spark.createDataFrame(one,
                new StructType().add("features", new VectorUDT()));
        e = assertThrows(Exception.class, () -> scorer.transform(short3).collectAsList());
        assertEquals("DataFrame to score, row 0 of partition 0: vector column 'features' has 3 components but 64 are "
                + "needed", rootMessage(e));
    }

    /**
     * Rows scored in blocks: an iterator that hands out one row object again and again with new
     * values (as Spark's scans do), both a generic row and Spark's own (unsafe) row, over 2.5
     * blocks; each scored row keeps its own input values and the model's outputs for them.
     */
    @Test
    void aReusedInputRowIsCopiedBeforeItsBlockIsScored() {
        SmallDoubleClassifier classifier = new SmallDoubleClassifier();
        classifier.initialize(5);
        StructType schema = new StructType().add("a", DataTypes.FloatType).add("b", DataTypes.LongType)
                .add("c", DataTypes.DoubleType);
        int count = SparkScorer.BLOCK * 5 / 2;
        UnsafeProjection unsafe = UnsafeProjection.create(schema);
        for (boolean sparksOwn : new boolean[] {false, true}) {
            GenericInternalRow generic = new GenericInternalRow(3);
            Iterator<InternalRow> reused = new Iterator<InternalRow>() {
                private int i;

                @Override
                public boolean hasNext() {
                    return i < count;
                }

                @Override
                public InternalRow next() {
                    generic.update(0, i * 0.25f);
                    generic.update(1, (long) (i % 5));
                    generic.update(2, Math.sin(i));
                    i++;
                    return sparksOwn ? unsafe.apply(generic) : generic;
                }
            };
            Iterator<InternalRow> scored = SparkScorer.of(classifier).withFeatures(FeatureColumns.of("a", "b", "c"))
                    .score(0, reused, schema);
            double[] out = new double[4];
            for (int i = 0; i < count; i++) {
                InternalRow row = scored.next();
                double[] x = {i * 0.25f, i % 5, Math.sin(i)};
                assertEquals(x[0], row.getFloat(0), "row " + i);
                assertEquals((long) x[1], row.getLong(1), "row " + i);
                assertEquals(x[2], row.getDouble(2), "row " + i);
                classifier.predict(x, 0, out);
                assertEquals(Evaluator.predictedClass(classifier.loss(), out, 4), row.getDouble(3), "row " + i);
                assertEquals(out[2], row.getStruct(4, 4).getArray(3).getDouble(2), "row " + i);
            }
            assertTrue(!scored.hasNext());
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    @Test
    void scoringARowAllocatesNothingOfItsOwn() {
        // one internal row of 64 double columns, handed out again and again as Spark's scans do
        StructType schema = digitsSchema();
        InternalRow internal = digits.limit(1).queryExecution().toRdd().toJavaRDD().map(r -> r.copy()).first();
        Iterator<InternalRow> same = new Iterator<InternalRow>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public InternalRow next() {
                return internal;
            }
        };
        Iterator<InternalRow> scored = SparkScorer.of(model()).withFeatures(FeatureColumns.of(pixelColumns()))
                .score(0, same, schema);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long least = Long.MAX_VALUE;
        double sink = 0;
        for (int window = 0; window < 6; window++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20_000; i++) {
                sink += scored.next().getDouble(66);
            }
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertTrue(sink >= 0);
        assertEquals(0, least, "bytes allocated by 20,000 scored rows");
    }
}
