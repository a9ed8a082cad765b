package io.chainrule.spark;

import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Loss;
import io.chainrule.Model;
import io.chainrule.Precision;
import io.chainrule.data.Scaler;
import io.chainrule.io.ModelFile;
import io.chainrule.train.Evaluator;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;

/**
 * Scores a DataFrame with a Chainrule model: the same DataFrame with a {@code prediction} column
 * (the class index as a double, as Spark MLlib's classifiers give it; for a regression model of one
 * output, that output) and, for a classifier, a {@code probability} column (a dense Spark ML
 * vector of the model's outputs: softmax or sigmoid probabilities, or the scores of a hinge model;
 * {@code [1 - p, p]} for one sigmoid output). A multi-output regression's {@code prediction} is
 * that vector.
 *
 * <p>Each partition makes one instance of the model (from the driver's model's class, which must
 * be on the executors' class path, and its parameters and input scaler) and scores its rows in
 * blocks of 32 from Spark's internal rows: the features are read without boxing into one buffer,
 * scaled in place and fed to {@code predictBatch} (in a generated class, the batched forward pass,
 * which reads each weight row once per block and gives {@code predict}'s bits), the outputs
 * written into one reused row; the block's input rows are copied into byte arrays kept from block
 * to block, so nothing is allocated per row but what Spark allocates itself (its row accessors,
 * and its copy of each output row). A null or non-finite feature stops the job with a message
 * naming the column and the row's place in its partition.
 *
 * <p>Immutable: the {@code with...} methods return changed copies.
 */
public final class SparkScorer implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Rows scored at once: each weight row is read once per block. */
    static final int BLOCK = 32;

    private final ModelSpec spec;
    private final int inputs;
    private final int outputs;
    private final Loss loss;
    private final FeatureColumns features;
    private final String predictionColumn;
    private final String probabilityColumn;

    private SparkScorer(ModelSpec spec, Model model, FeatureColumns features, String predictionColumn,
            String probabilityColumn) {
        this.spec = spec;
        this.inputs = model.inputSize();
        this.outputs = model.outputSize();
        this.loss = model.loss();
        this.features = features;
        this.predictionColumn = predictionColumn;
        this.probabilityColumn = probabilityColumn;
    }

    /**
     * A scorer with {@code model}'s current parameters (a generated model, or any model class with
     * a public no-argument constructor), no input scaling, features in the vector column
     * {@code features}.
     */
    public static SparkScorer of(Model model) {
        return of(model, Scaler.NONE);
    }

    /** A scorer with {@code model}'s current parameters that scales each row's features with {@code scaler} first. */
    public static SparkScorer of(Model model, Scaler scaler) {
        return new SparkScorer(ModelSpec.of(model, scaler), model, FeatureColumns.vector("features"), "prediction",
                "probability");
    }

    /**
     * A scorer with the parameters and input scaler of the model file {@code file} (as
     * {@link ModelFile#save} writes it), loaded into {@code model}.
     *
     * @throws IOException if the file cannot be read, is damaged or holds another architecture
     *     ({@link io.chainrule.io.ModelFileException}); {@code model} is then unchanged
     */
    public static SparkScorer load(Model model, File file) throws IOException {
        Scaler scaler = ModelFile.load(model, file);
        return of(model, scaler);
    }

    /** The same scorer reading the features from {@code columns}. */
    public SparkScorer withFeatures(FeatureColumns columns) {
        return new SparkScorer(spec, this, columns, predictionColumn, probabilityColumn);
    }

    /** The same scorer writing the prediction to column {@code name}. */
    public SparkScorer withPredictionColumn(String name) {
        return new SparkScorer(spec, this, features, name, probabilityColumn);
    }

    /** The same scorer writing the outputs to column {@code name}. */
    public SparkScorer withProbabilityColumn(String name) {
        return new SparkScorer(spec, this, features, predictionColumn, name);
    }

    private SparkScorer(ModelSpec spec, SparkScorer like, FeatureColumns features, String predictionColumn,
            String probabilityColumn) {
        this.spec = spec;
        this.inputs = like.inputs;
        this.outputs = like.outputs;
        this.loss = like.loss;
        this.features = features;
        this.predictionColumn = predictionColumn;
        this.probabilityColumn = probabilityColumn;
    }

    private boolean classifies() {
        return loss.takesClassIndex();
    }

    /** The schema {@link #transform} gives {@code input}. */
    public StructType transformSchema(StructType input) {
        features.resolve(input, inputs, "DataFrame to score");
        StructType out = input;
        String[] added = classifies() ? new String[] {predictionColumn, probabilityColumn}
                : new String[] {predictionColumn};
        for (String name : added) {
            for (StructField f : input.fields()) {
                if (f.name().equals(name)) {
                    throw new IllegalArgumentException("the DataFrame to score has a column '" + name
                            + "' already; choose another name with withPredictionColumn / withProbabilityColumn");
                }
            }
        }
        out = out.add(predictionColumn, classifies() || outputs == 1 ? DataTypes.DoubleType
                : FeatureColumns.vectorType(), false);
        if (classifies()) {
            out = out.add(probabilityColumn, FeatureColumns.vectorType(), false);
        }
        return out;
    }

    /**
     * {@code df} with the prediction (and probability) columns added; lazy, as Spark's
     * transformations are.
     *
     * @throws IllegalArgumentException if a feature column is missing or not numeric, the number
     *     of features is not the model's input size, or an output column exists already
     */
    public Dataset<Row> transform(Dataset<Row> df) {
        StructType schema = transformSchema(df.schema());
        RowReader reader = features.resolve(df.schema(), inputs, "DataFrame to score");
        SparkScorer scorer = this;
        JavaRDD<InternalRow> scored = df.queryExecution().toRdd().toJavaRDD().mapPartitionsWithIndex(
                (Integer partition, Iterator<InternalRow> rows) -> scorer.score(partition, rows, reader), true);
        // Spark's own constructor of a DataFrame over internal rows (Scala private[sql], public in bytecode):
        // it copies each output row into its own format as it reads it, so rows may be reused
        SparkSession session = df.sparkSession();
        return session.internalCreateDataFrame(scored.rdd(), schema, false);
    }

    /** The scored rows of one partition ({@code partition} only names it in messages). */
    Iterator<InternalRow> score(int partition, Iterator<InternalRow> rows, RowReader reader) {
        return new Scoring(partition, rows, reader);
    }

    /** {@link #score} with the reader of {@code schema}'s feature columns. */
    Iterator<InternalRow> score(int partition, Iterator<InternalRow> rows, StructType schema) {
        return new Scoring(partition, rows, features.resolve(schema, inputs, "DataFrame to score"));
    }

    /**
     * The rows of one partition, scored by one model instance in blocks of up to {@link #BLOCK}
     * rows: their features read into one array, scaled and fed to {@code predictBatch} (the
     * generated classes' batched forward pass, the same bits as {@code predict} row by row), then
     * the rows given out one by one with their outputs.
     */
    private final class Scoring implements Iterator<InternalRow> {
        private final int partition;
        private final Iterator<InternalRow> rows;
        private final RowReader reader;
        private final Model model;
        private final Scaler scaler;
        private final float[] floatIn;
        private final float[] floatOut;
        private final double[] doubleIn;
        private final double[] doubleOut;
        /** The block's input rows: Spark's iterator may reuse its row object, so each is copied here. */
        private final InternalRow[] block = new InternalRow[BLOCK];
        private final byte[][] bytes = new byte[BLOCK][];
        private int filled;
        private int given;
        private final UnsafeArrayData values;
        private final GenericInternalRow vector = new GenericInternalRow(4);
        private final SpecificInternalRow extra;
        private final JoinedRow joined = new JoinedRow();
        /** Rows of the partition read so far. */
        private long row;

        Scoring(int partition, Iterator<InternalRow> rows, RowReader reader) {
            this.partition = partition;
            this.rows = rows;
            this.reader = reader;
            this.model = spec.newModel();
            this.scaler = spec.load(model);
            boolean isFloat = spec.precision == Precision.FLOAT;
            floatIn = isFloat ? new float[BLOCK * inputs] : null;
            floatOut = isFloat ? new float[BLOCK * outputs] : null;
            doubleIn = isFloat ? null : new double[BLOCK * inputs];
            doubleOut = isFloat ? null : new double[BLOCK * outputs];
            int vectorSize = classifies() && outputs == 1 ? 2 : outputs;
            values = UnsafeArrayData.fromPrimitiveArray(new double[vectorSize]);
            vector.update(0, (byte) 1);
            vector.setNullAt(1);
            vector.setNullAt(2);
            vector.update(3, values);
            // typed fields (a double is set without boxing)
            StructType added = new StructType().add("prediction", classifies() || outputs == 1
                    ? DataTypes.DoubleType : FeatureColumns.vectorType());
            if (classifies()) {
                added = added.add("probability", FeatureColumns.vectorType());
            }
            extra = new SpecificInternalRow(added);
            if (classifies()) {
                extra.update(1, vector);
            } else if (outputs > 1) {
                extra.update(0, vector);
            }
        }

        @Override
        public boolean hasNext() {
            return given < filled || rows.hasNext();
        }

        @Override
        public InternalRow next() {
            if (given == filled) {
                if (!rows.hasNext()) {
                    throw new NoSuchElementException();
                }
                scoreBlock();
            }
            int e = given++;
            int predicted;
            if (floatOut != null) {
                predicted = classifies() ? Evaluator.predictedClass(loss, floatOut, e * outputs, outputs) : 0;
                for (int k = 0; k < outputs; k++) {
                    values.setDouble(k, floatOut[e * outputs + k]);
                }
            } else {
                predicted = classifies() ? Evaluator.predictedClass(loss, doubleOut, e * outputs, outputs) : 0;
                for (int k = 0; k < outputs; k++) {
                    values.setDouble(k, doubleOut[e * outputs + k]);
                }
            }
            if (classifies()) {
                if (outputs == 1) {
                    double p = values.getDouble(0);
                    values.setDouble(0, 1 - p);
                    values.setDouble(1, p);
                }
                extra.setDouble(0, predicted);
            } else if (outputs == 1) {
                extra.setDouble(0, values.getDouble(0));
            }
            return joined.apply(block[e], extra);
        }

        /** Reads, checks and scales up to {@link #BLOCK} rows, then runs the model on all of them at once. */
        private void scoreBlock() {
            int n = 0;
            while (n < BLOCK && rows.hasNext()) {
                InternalRow in = keep(n, rows.next());
                int code = floatIn != null ? reader.read(in, floatIn, n * inputs) : reader.read(in, doubleIn, n * inputs);
                if (code != RowReader.OK) {
                    throw new IllegalArgumentException("DataFrame to score, row " + row + " of partition " + partition
                            + ": " + reader.describe(code, in));
                }
                if (floatIn != null) {
                    scaler.transformRow(floatIn, n * inputs);
                } else {
                    scaler.transformRow(doubleIn, n * inputs);
                }
                row++;
                n++;
            }
            if (floatIn != null) {
                ((FloatModel) model).predictBatch(floatIn, 0, n, floatOut, 0);
            } else {
                ((DoubleModel) model).predictBatch(doubleIn, 0, n, doubleOut, 0);
            }
            filled = n;
            given = 0;
        }

        /**
         * A copy of {@code in}, kept in slot {@code e} of the block: Spark's own rows are copied into
         * a byte array kept for the slot (grown when a row is longer), other rows by their
         * {@code copy()}.
         */
        private InternalRow keep(int e, InternalRow in) {
            if (!(in instanceof UnsafeRow)) {
                block[e] = in.copy();
                return block[e];
            }
            UnsafeRow unsafe = (UnsafeRow) in;
            int size = unsafe.getSizeInBytes();
            if (bytes[e] == null || bytes[e].length < size) {
                bytes[e] = new byte[Math.max(size, 64)];
            }
            unsafe.writeToMemory(bytes[e], Platform.BYTE_ARRAY_OFFSET);
            UnsafeRow copy = block[e] instanceof UnsafeRow ? (UnsafeRow) block[e] : new UnsafeRow(unsafe.numFields());
            copy.pointTo(bytes[e], size);
            block[e] = copy;
            return copy;
        }
    }
}
