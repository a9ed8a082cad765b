package io.chainrule.samples.cli;

import io.chainrule.FloatModel;
import io.chainrule.Precision;
import io.chainrule.data.Dataset;
import io.chainrule.data.MalformedDataException;
import io.chainrule.data.Scaler;
import io.chainrule.data.Split;
import io.chainrule.io.ModelFile;
import io.chainrule.train.Trainer;
import io.chainrule.train.TrainerConfig;
import io.chainrule.train.TrainingListener;
import io.chainrule.train.TrainingResult;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The training flow every training command shares: load and split the data (the subclass's
 * part), initialise the model, train with the options below (early stopping on the development
 * set), print the epochs and the test metrics, and write the model file
 * ({@code <out>/<command>.chrl}, with its scaler) and the training curve
 * ({@code <out>/<command>-training.png}). A run that diverges (a loss or gradient that is not
 * finite, or a loss above the limit: {@code --max-loss}, by default 10,000 times the initial loss)
 * ends with an error and writes neither file.
 *
 * <p>Each command has its own defaults for the shared options ({@link #defaults()}), which the
 * help shows; it is their own {@link IDefaultValueProvider}.
 */
@DesktopOnly
abstract class TrainCommand implements Callable<Integer>, IDefaultValueProvider {
    /** The seed of every command unless {@code --seed} says otherwise. */
    static final long DEFAULT_SEED = 42;

    @Spec
    CommandSpec spec;

    @Option(names = {"-e", "--epochs"}, paramLabel = "N", description = "Maximum number of epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = {"-b", "--batch-size"}, paramLabel = "N", description = "Examples per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = {"-l", "--learning-rate"}, paramLabel = "RATE", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = {"-o", "--optimizer"}, paramLabel = "NAME", converter = OptimizerChoice.Names.class,
            completionCandidates = OptimizerChoice.Names.class,
            description = "One of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OptimizerChoice optimizer;

    @Option(names = {"-p", "--patience"}, paramLabel = "N",
            description = "Stop after N epochs without a lower dev loss and keep the best weights; 0: no early stopping (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = {"-s", "--seed"}, paramLabel = "SEED",
            description = "Seed of the split, the initial weights and the shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", defaultValue = "1",
            description = "Threads computing each batch's chunks (data parallel; any N gives the same weights; default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--chunk-size", paramLabel = "C", defaultValue = "" + TrainerConfig.DEFAULT_CHUNK_SIZE,
            description = "Examples per chunk: each batch's gradient is the sum of its chunks' gradients in chunk order,"
                    + " so the weights depend on C, never on --threads; threads share a batch of two chunks or more"
                    + " (default: ${DEFAULT-VALUE}).")
    int chunkSize;

    @Option(names = "--max-loss", paramLabel = "LOSS",
            description = "Stop with an error (no model saved) when the running mean loss (about the last 64 examples)"
                    + " exceeds LOSS; replaces the default limit of 10000 times the initial training loss (at least 10000);"
                    + " Infinity: no limit.")
    Double maxLoss;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "${sys:chainrule.out:-out}",
            description = "Directory for the model file and the plot (default: ${DEFAULT-VALUE}).")
    File out;

    @Option(names = "--no-progress", negatable = false,
            description = "No progress bar (it is only drawn on a terminal anyway).")
    boolean noProgress;

    /** The data of a run: training, development and test parts, already scaled, and the scaler. */
    static final class Data {
        final Dataset train;
        final Dataset dev;
        final Dataset test;
        final Scaler scaler;

        Data(Dataset train, Dataset dev, Dataset test, Scaler scaler) {
            this.train = train;
            this.dev = dev;
            this.test = test;
            this.scaler = scaler;
        }
    }

    /** The command's defaults for the shared options. */
    static final class Defaults {
        final int epochs;
        final int batchSize;
        final double learningRate;
        final OptimizerChoice optimizer;
        final int patience;

        Defaults(int epochs, int batchSize, double learningRate, OptimizerChoice optimizer, int patience) {
            this.epochs = epochs;
            this.batchSize = batchSize;
            this.learningRate = learningRate;
            this.optimizer = optimizer;
            this.patience = patience;
        }
    }

    /** The network this command trains. */
    abstract SampleModel sample();

    /** This command's defaults. */
    abstract Defaults defaults();

    /** Loads the data and splits it (with {@link #seed}); fits the scaler on the training part only. */
    abstract Data load() throws IOException;

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!arg.isOption()) {
            return null;
        }
        Defaults d = defaults();
        String name = ((OptionSpec) arg).longestName();
        if (name.equals("--epochs")) {
            return Integer.toString(d.epochs);
        } else if (name.equals("--batch-size")) {
            return Integer.toString(d.batchSize);
        } else if (name.equals("--learning-rate")) {
            return Double.toString(d.learningRate);
        } else if (name.equals("--optimizer")) {
            return d.optimizer.toString();
        } else if (name.equals("--patience")) {
            return Integer.toString(d.patience);
        } else if (name.equals("--seed")) {
            return Long.toString(DEFAULT_SEED);
        }
        return null;
    }

    @Override
    public Integer call() throws IOException {
        checkOptions();
        PrintWriter log = spec.commandLine().getOut();
        Data data = load();
        makeOutputDirectory();
        FloatModel model = sample().newModel();
        log.printf("%s: %s, %d parameters; %d train / %d dev / %d test examples%n", sample(), model.architecture(),
                model.parameterCount(), size(data.train), size(data.dev), size(data.test));
        log.println(settings(data));
        log.flush();
        model.initialize(seed);
        TrainerConfig.Builder config = trainerConfig(data, new Progress(log, epochs, showProgressBar()));
        TrainingResult result = new Trainer(config.build()).train(model, data.train, data.dev, data.test);
        Report.print(log, sample()::className, result);

        File modelFile = new File(out, sample() + ".chrl");
        File plot = new File(out, sample() + "-training.png");
        ModelFile.save(model, data.scaler, modelFile);
        TrainingCurve.write(result, sample() + " " + model.architecture(), plot);
        log.printf("wrote %s and %s%n", modelFile, plot);
        log.flush();
        return 0;
    }

    /** Usage errors for shared options out of range. */
    void checkOptions() {
        check(epochs >= 1, "--epochs must be at least 1, was " + epochs);
        check(batchSize >= 1, "--batch-size must be at least 1, was " + batchSize);
        check(learningRate > 0 && !Double.isInfinite(learningRate), "--learning-rate must be > 0, was " + learningRate);
        check(patience >= 0, "--patience must be at least 0, was " + patience);
        check(threads >= 1 && threads <= TrainerConfig.MAX_THREADS,
                "--threads must be between 1 and " + TrainerConfig.MAX_THREADS + ", was " + threads);
        check(chunkSize >= 1, "--chunk-size must be at least 1, was " + chunkSize);
        check(maxLoss == null || maxLoss > 0, "--max-loss must be > 0, was " + maxLoss);
    }

    /**
     * The relative improvement early stopping asks of the dev loss: 0 for the sample networks, whose
     * documented runs predate the library's default; the library's default for the {@code train} command.
     */
    double minRelativeDelta() {
        return 0;
    }

    /** Creates {@link #out} unless it exists. */
    void makeOutputDirectory() throws FileNotFoundException {
        if (!out.isDirectory() && !out.mkdirs()) {
            throw new FileNotFoundException(out + ": cannot create the output directory");
        }
    }

    /** The line that states the training settings, for example {@code momentum, learning rate 0.05, ...}. */
    String settings(Data data) {
        return String.format("%s, learning rate %s, batch size %d, seed %d%s%s%s%s", optimizer, learningRate, batchSize,
                seed, patience > 0 && data.dev != null ? ", early stopping with patience " + patience : "",
                chunkSize != TrainerConfig.DEFAULT_CHUNK_SIZE ? ", chunks of " + chunkSize : "",
                threads > 1 ? ", " + threads + " threads" : "", maxLoss != null ? ", max loss " + maxLoss : "");
    }

    /** True if progress bars are wanted and stdout is a terminal. */
    boolean showProgressBar() {
        return !noProgress && System.console() != null;
    }

    /** The trainer configuration from the shared options (a new optimizer), reporting to {@code listener}. */
    TrainerConfig.Builder trainerConfig(Data data, TrainingListener listener) {
        TrainerConfig.Builder config = TrainerConfig.builder()
                .epochs(epochs)
                .batchSize(batchSize)
                .seed(seed)
                .optimizer(optimizer.create())
                .learningRate(learningRate)
                .evaluateTrainingSet(true)
                .threads(threads)
                .chunkSize(chunkSize)
                .listener(listener);
        if (patience > 0 && data.dev != null) {
            config.earlyStopping(patience).minRelativeDelta(minRelativeDelta());
        } else {
            config.noEarlyStopping();
        }
        if (maxLoss != null) {
            config.maxLoss(maxLoss).maxLossGrowth(Double.POSITIVE_INFINITY);
        }
        return config;
    }

    /**
     * The seeded, stratified split of the rows of {@code source} into {@code trainFraction},
     * {@code devFraction} and the rest, each part at least one example.
     *
     * @throws MalformedDataException naming {@code source} if a part would be empty
     */
    static Split split(Dataset all, double trainFraction, double devFraction, long seed, CsvSource source)
            throws MalformedDataException {
        Split split = Split.stratified(all, trainFraction, devFraction, seed);
        if (split.train().size() == 0 || split.dev().size() == 0 || split.test().size() == 0) {
            int n = all.size();
            throw new MalformedDataException(source.name(), n + (n == 1 ? " data row is" : " data rows are")
                    + " too few for the " + percent(trainFraction) + "/" + percent(devFraction) + "/"
                    + percent(1 - trainFraction - devFraction) + " split into training, development and test examples (it gives "
                    + split.train().size() + "/" + split.dev().size() + "/" + split.test().size() + "); it needs at least "
                    + fewestRows(trainFraction, devFraction) + " rows");
        }
        return split;
    }

    /** The fewest rows that {@link Split#stratified} cuts into three parts of at least one example. */
    private static int fewestRows(double trainFraction, double devFraction) {
        for (int n = 3; ; n++) {
            // the part sizes of Split.stratified
            int train = (int) Math.floor(n * trainFraction + 1e-9);
            int dev = Math.min((int) Math.floor(n * devFraction + 1e-9), n - train);
            if (train >= 1 && dev >= 1 && n - train - dev >= 1) {
                return n;
            }
        }
    }

    private static long percent(double fraction) {
        return Math.round(fraction * 100);
    }

    /**
     * The parts of {@code split} of {@code all} (read from {@code source}), scaled by
     * {@code scaler}, as the data of a run.
     *
     * @throws MalformedDataException naming the line and column of a value that scaling makes
     *     infinite or NaN: a value far outside the training part's range
     */
    static Data scaled(Dataset all, Split split, Scaler scaler, CsvSource source) throws IOException {
        Dataset train = scaler.transform(split.train());
        Dataset dev = scaler.transform(split.dev());
        Dataset test = scaler.transform(split.test());
        requireFinite(train, split.trainIndices(), all, source);
        requireFinite(dev, split.devIndices(), all, source);
        requireFinite(test, split.testIndices(), all, source);
        return new Data(train, dev, test, scaler);
    }

    /** Throws unless every feature of {@code part} (whose example i is row {@code rows[i]} of {@code all}) is finite. */
    private static void requireFinite(Dataset part, int[] rows, Dataset all, CsvSource source) throws IOException {
        int i = part.firstNonFiniteExample();
        for (int j = 0; i >= 0 && j < part.featureCount(); j++) {
            double scaled = part.feature(i, j);
            if (!(Math.abs(scaled) <= Double.MAX_VALUE)) {
                double raw = all.feature(rows[i], j);
                throw source.error(rows[i], j, "value " + (all.precision() == Precision.FLOAT ? Float.toString((float) raw)
                        : Double.toString(raw)) + " is " + scaled + " after scaling with the training part's statistics;"
                        + " the model cannot train on it");
            }
        }
        // a target that is not finite (read as it is: the reader rejects those) is left to the trainer's check
    }

    /** Throws a {@link MalformedDataException} unless {@code data} has {@code features} features per example. */
    static void requireFeatures(Dataset data, int features, String source) throws MalformedDataException {
        if (data.featureCount() != features) {
            throw new MalformedDataException(source, data.featureCount() + " feature columns, but the model takes "
                    + features + " inputs");
        }
    }

    static int size(Dataset data) {
        return data == null ? 0 : data.size();
    }

    /** A usage error (one line, exit code 2) unless {@code ok}. */
    void check(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }
}
