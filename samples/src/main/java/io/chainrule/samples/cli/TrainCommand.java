package io.chainrule.samples.cli;

import io.chainrule.FloatModel;
import io.chainrule.data.CsvReader;
import io.chainrule.data.Dataset;
import io.chainrule.data.MalformedDataException;
import io.chainrule.data.Scaler;
import io.chainrule.io.ModelFile;
import io.chainrule.train.Trainer;
import io.chainrule.train.TrainerConfig;
import io.chainrule.train.TrainingListener;
import io.chainrule.train.TrainingResult;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
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
 * ({@code <out>/<command>-training.png}).
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
            description = "Threads computing each batch's gradient (data parallel; the same N gives the same weights; default: ${DEFAULT-VALUE}).")
    int threads;

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
        Report.print(log, sample(), result);

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
    }

    /** Creates {@link #out} unless it exists. */
    void makeOutputDirectory() throws FileNotFoundException {
        if (!out.isDirectory() && !out.mkdirs()) {
            throw new FileNotFoundException(out + ": cannot create the output directory");
        }
    }

    /** The line that states the training settings, for example {@code momentum, learning rate 0.05, ...}. */
    String settings(Data data) {
        return String.format("%s, learning rate %s, batch size %d, seed %d%s%s", optimizer, learningRate, batchSize, seed,
                patience > 0 && data.dev != null ? ", early stopping with patience " + patience : "",
                threads > 1 ? ", " + threads + " threads" : "");
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
                .listener(listener);
        if (patience > 0 && data.dev != null) {
            config.earlyStopping(patience);
        }
        return config;
    }

    /**
     * Reads a CSV file: {@code data} if it is not null, else the classpath resource
     * {@code data/<resource>} shipped with the samples.
     */
    static Dataset readCsv(CsvReader reader, File data, String resource) throws IOException {
        if (data != null) {
            return reader.read(data);
        }
        InputStream in = TrainCommand.class.getClassLoader().getResourceAsStream("data/" + resource);
        if (in == null) {
            throw new FileNotFoundException("classpath resource data/" + resource + " not found");
        }
        try {
            return reader.read(in, resource);
        } finally {
            in.close();
        }
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
