package io.chainrule.spark;

import io.chainrule.Model;
import io.chainrule.data.Dataset;
import io.chainrule.train.Adam;
import io.chainrule.train.GradientDescent;
import io.chainrule.train.Momentum;
import io.chainrule.train.Optimizer;
import io.chainrule.train.Trainer;
import io.chainrule.train.TrainerConfig;
import io.chainrule.train.TrainingResult;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Trains a generated model (any model class with a public no-argument constructor, on the
 * executors' class path) on Spark DataFrames, with a {@link TrainerConfig} as on one machine:
 * epochs, batch and chunk size, optimizer and learning-rate schedule, clipping, loss limits,
 * gradient health, early stopping on a development DataFrame, a listener that sees the progress on
 * the driver. The model object on the driver ends with the trained weights (save it with
 * {@link io.chainrule.io.ModelFile}).
 *
 * <p>Two modes ({@link Mode}). {@link Mode#SYNCHRONOUS}: the Chainrule trainer runs on the driver
 * and every minibatch of more than one chunk is one Spark job whose tasks compute its chunks with
 * the generated backward pass; the driver folds them in chunk order and steps the optimizer, so
 * the weights are the same bits as training on one machine with the same rows in the same order,
 * batch size, chunk size, optimizer and seed, whatever the number of partitions. The training rows
 * are collected to the driver and broadcast to the executors once. {@link Mode#LOCAL_SGD}: each
 * partition trains on its own rows for a round, the driver averages the weights (deterministic for
 * a given partitioning); one job per round instead of one per step.
 *
 * <p>Every DataFrame is read once before the first step: a missing or non-numeric column, a number
 * of feature columns other than the model's input size, a null, NaN or infinite value, or a label
 * that is not a class of the model is an {@link IllegalArgumentException} naming the column and the
 * row (its index in the DataFrame's order).
 */
public final class SparkTrainer {
    /** How the executors share the work. */
    public enum Mode {
        /** One job per step; the same bits as one machine. */
        SYNCHRONOUS,
        /** Local training on each partition, parameters averaged every round; one job per round. */
        LOCAL_SGD
    }

    private final TrainerConfig config;
    private final Mode mode;
    private final FeatureColumns features;
    private final String label;
    private final FeatureColumns targets;
    private final int partitions;
    private final int rounds;
    private final int localEpochs;
    private final LocalOptimizer localOptimizer;
    private SyncChunks lastSync;

    private SparkTrainer(Builder b) {
        this.config = b.config;
        this.mode = b.mode;
        this.features = b.features;
        this.label = b.label;
        this.targets = b.targets;
        this.partitions = b.partitions;
        this.rounds = b.rounds;
        this.localEpochs = b.localEpochs;
        this.localOptimizer = b.localOptimizer;
    }

    /** A builder for training with {@code config}. */
    public static Builder builder(TrainerConfig config) {
        return new Builder(config);
    }

    /** Trains {@code model} on {@code train}. */
    public TrainingResult fit(Model model, org.apache.spark.sql.Dataset<Row> train) {
        return fit(model, train, null, null);
    }

    /** Trains {@code model} on {@code train}, evaluating {@code dev} after every epoch. */
    public TrainingResult fit(Model model, org.apache.spark.sql.Dataset<Row> train,
            org.apache.spark.sql.Dataset<Row> dev) {
        return fit(model, train, dev, null);
    }

    /**
     * Trains {@code model} on {@code train}, evaluating {@code dev} (may be null) after every epoch
     * and {@code test} (may be null) once at the end, on the driver.
     *
     * @throws IllegalArgumentException if a DataFrame does not fit the model (see the class
     *     comment); nothing has been trained then
     * @throws io.chainrule.train.TrainingException if a loss or gradient becomes NaN or infinite
     */
    public TrainingResult fit(Model model, org.apache.spark.sql.Dataset<Row> train,
            org.apache.spark.sql.Dataset<Row> dev, org.apache.spark.sql.Dataset<Row> test) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        ModelSpec.of(model, io.chainrule.data.Scaler.NONE); // fails early for a class the executors cannot make
        if (config.earlyStopping() && !config.earlyStoppingByDefault() && dev == null) {
            throw new IllegalArgumentException("early stopping (patience " + config.patience()
                    + ") needs a development DataFrame");
        }
        SparkSession session = train.sparkSession();
        JavaSparkContext context = JavaSparkContext.fromSparkContext(session.sparkContext());
        Dataset devSet = dev == null ? null : collect(model, dev, "development DataFrame");
        Dataset testSet = test == null ? null : collect(model, test, "test DataFrame");
        int tasks = partitions > 0 ? partitions : train.rdd().getNumPartitions();
        if (mode == Mode.SYNCHRONOUS) {
            Dataset trainSet = collect(model, train, "training DataFrame");
            lastSync = new SyncChunks(context, tasks);
            return new Trainer(config, lastSync).train(model, trainSet, devSet, testSet);
        }
        org.apache.spark.sql.Dataset<Row> parts = partitions > 0 && partitions != train.rdd().getNumPartitions()
                ? train.repartition(partitions) : train;
        JavaRDD<DataBlock> blocks = blocks(model, parts, "training DataFrame").persist(StorageLevel.MEMORY_ONLY());
        try {
            List<long[]> counts = blocks.map(b -> new long[] {b.rows, b.badRow}).collect();
            List<String> problems = blocks.map(b -> b.problem == null ? "" : b.problem).collect();
            DataBlock.check(counts, problems, "training DataFrame");
            return new LocalSgd(context, config, optimizers(), rounds, localEpochs).train(model, blocks, devSet,
                    testSet);
        } finally {
            blocks.unpersist(false);
        }
    }

    /** Jobs, seconds in jobs and gradient bytes of the last synchronous {@link #fit}, for the benchmarks. */
    long[] lastSyncStats() {
        return lastSync == null ? null : new long[] {lastSync.stats().jobs, lastSync.stats().nanos,
                lastSync.stats().bytes};
    }

    private LocalOptimizer optimizers() {
        if (localOptimizer != null) {
            return localOptimizer;
        }
        Optimizer o = config.optimizer();
        if (o instanceof GradientDescent) {
            double decay = ((GradientDescent) o).weightDecay();
            return () -> new GradientDescent(decay);
        }
        if (o instanceof Momentum) {
            Momentum m = (Momentum) o;
            double momentum = m.momentum();
            boolean nesterov = m.nesterov();
            double decay = m.weightDecay();
            return () -> new Momentum(momentum, nesterov, decay);
        }
        throw new IllegalArgumentException("local SGD makes a new optimizer on every worker every round, and cannot "
                + "copy a " + o.getClass().getSimpleName() + "; pass one with localOptimizer(() -> new "
                + (o instanceof Adam ? "Adam(...)" : o.getClass().getSimpleName() + "(...)") + ")");
    }

    private JavaRDD<DataBlock> blocks(Model model, org.apache.spark.sql.Dataset<Row> df, String role) {
        RowReader reader = features.resolve(df.schema(), model.inputSize(), role);
        if (model.loss().takesClassIndex()) {
            LabelReader labels = LabelReader.resolve(df.schema(), label, model.classCount(), role);
            return DataBlock.of(df, reader, labels, model.classCount(), null, model.precision());
        }
        FeatureColumns t = targets != null ? targets : FeatureColumns.of(label);
        RowReader targetReader = t.resolve(df.schema(), model.outputSize(), role + " (targets)");
        return DataBlock.of(df, reader, null, 0, targetReader, model.precision());
    }

    /** {@code df} read, checked and collected to the driver in the DataFrame's order. */
    private Dataset collect(Model model, org.apache.spark.sql.Dataset<Row> df, String role) {
        return DataBlock.join(blocks(model, df, role).collect(), role);
    }

    /** Collects the settings of a {@link SparkTrainer}. */
    public static final class Builder {
        private final TrainerConfig config;
        private Mode mode = Mode.LOCAL_SGD;
        private FeatureColumns features = FeatureColumns.vector("features");
        private String label = "label";
        private FeatureColumns targets;
        private int partitions;
        private int rounds = 1;
        private int localEpochs = 1;
        private LocalOptimizer localOptimizer;

        private Builder(TrainerConfig config) {
            if (config == null) {
                throw new IllegalArgumentException("config must not be null");
            }
            this.config = config;
        }

        /** The mode (default {@link Mode#LOCAL_SGD}). */
        public Builder mode(Mode mode) {
            if (mode == null) {
                throw new IllegalArgumentException("mode must not be null");
            }
            this.mode = mode;
            return this;
        }

        /** Where the inputs are (default: the vector column {@code features}). */
        public Builder features(FeatureColumns columns) {
            if (columns == null) {
                throw new IllegalArgumentException("features must not be null");
            }
            this.features = columns;
            return this;
        }

        /**
         * The label column of a classifier (default {@code label}): class indices, integers or
         * whole doubles; for a regression model of one output, its target column.
         */
        public Builder label(String column) {
            this.label = column;
            return this;
        }

        /** The target columns of a regression model, one per output. */
        public Builder targets(FeatureColumns columns) {
            this.targets = columns;
            return this;
        }

        /**
         * Tasks per job: in synchronous mode the most tasks a step's chunks are spread over, in
         * local SGD the partitions that train (the training DataFrame is repartitioned to this
         * count; beware that Spark's repartition is not deterministic for a DataFrame whose order
         * is not); default: the training DataFrame's partition count.
         */
        public Builder partitions(int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
            }
            this.partitions = partitions;
            return this;
        }

        /** Local SGD: averagings per epoch (default 1: each partition trains one pass over its rows per round). */
        public Builder roundsPerEpoch(int rounds) {
            if (rounds < 1) {
                throw new IllegalArgumentException("roundsPerEpoch must be at least 1, was " + rounds);
            }
            this.rounds = rounds;
            return this;
        }

        /**
         * Local SGD: passes of each worker over its slice of an epoch between two averagings
         * (default 1); an epoch of the configuration is then {@code localEpochs} passes over the data,
         * and its {@link TrainerConfig#epochs()} count rounds of {@code localEpochs} passes.
         */
        public Builder localEpochs(int passes) {
            if (passes < 1) {
                throw new IllegalArgumentException("localEpochs must be at least 1, was " + passes);
            }
            this.localEpochs = passes;
            return this;
        }

        /**
         * Local SGD: makes each worker's optimizer (a fresh one every round); needed for Adam, whose
         * settings cannot be copied from the configuration. Default: the configuration's
         * {@link GradientDescent} or {@link Momentum} with the same settings.
         */
        public Builder localOptimizer(LocalOptimizer factory) {
            if (factory == null) {
                throw new IllegalArgumentException("localOptimizer must not be null");
            }
            this.localOptimizer = factory;
            return this;
        }

        /** The trainer. */
        public SparkTrainer build() {
            return new SparkTrainer(this);
        }
    }

    /** Makes a worker's optimizer in local SGD; must be serializable (a lambda of serializable values is). */
    public interface LocalOptimizer extends java.io.Serializable {
        /** A new optimizer. */
        Optimizer create();
    }
}
