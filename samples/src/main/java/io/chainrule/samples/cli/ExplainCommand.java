package io.chainrule.samples.cli;

import io.chainrule.FloatModel;
import io.chainrule.data.Dataset;
import io.chainrule.io.ModelFile;
import io.chainrule.train.StepTrace;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Backpropagation, one number at a time: the {@link StepTrace} of one training example of a
 * sample network, with freshly initialised weights ({@code --seed}) or a model file's
 * ({@code --weights}). Every quantity of the forward and backward pass, in the order of the
 * generated code, beside its finite-difference estimate. The example is one of the network's
 * training examples, split and scaled as its training command does.
 */
@DesktopOnly
@Command(name = "explain",
        description = "Show one training step of a sample network: every value of the forward and backward pass, in the"
                + " order of the generated code, beside its finite-difference estimate.")
final class ExplainCommand implements Callable<Integer> {
    private static final Pattern LAYERS = Pattern.compile("(\\d+)(?:-(\\d+))?");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NETWORK", converter = SampleModel.Names.class,
            completionCandidates = SampleModel.Names.class, description = "One of ${COMPLETION-CANDIDATES}.")
    SampleModel network;

    @Option(names = {"-x", "--example"}, paramLabel = "N", defaultValue = "0",
            description = "Which training example, from 0 (default: ${DEFAULT-VALUE}).")
    int example;

    @Option(names = "--weights", paramLabel = "MODEL_FILE",
            description = "Weights from a model file of this network (written by its training command); default: initialize(SEED).")
    File weights;

    @Option(names = {"-s", "--seed"}, paramLabel = "SEED", defaultValue = "42",
            description = "Seed of the split and of the initial weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--values", paramLabel = "N", defaultValue = "6",
            description = "Values shown and estimated per vector or matrix, matrices row by row (default: ${DEFAULT-VALUE}).")
    int values;

    @Option(names = "--layers", paramLabel = "FIRST[-LAST]",
            description = "Only these layers (the input, the loss and dL/dx are always shown; default: all).")
    String layers;

    @Option(names = "--data", paramLabel = "FILE", description = "Another CSV for iris, iris-regression and the digits networks.")
    File data;

    @Option(names = "--dir", paramLabel = "DIR", description = "The MNIST files, for mnist.")
    File dir;

    @Override
    public Integer call() throws IOException {
        check(values >= 1, "--values must be at least 1, was " + values);
        FloatModel model = network.newModel();
        StepTrace.Scope scope = StepTrace.Scope.all().values(values);
        if (layers != null) {
            Matcher m = LAYERS.matcher(layers);
            check(m.matches(), "--layers takes a layer or a range FIRST-LAST, such as 1-3; not '" + layers + "'");
            int first = Integer.parseInt(m.group(1));
            int last = m.group(2) == null ? first : Integer.parseInt(m.group(2));
            check(first >= 1 && first <= last && last <= model.layerCount(), "--layers " + layers + " is not a range"
                    + " of the layers 1.." + model.layerCount() + " of " + network);
            scope = scope.layers(first, last);
        }
        Dataset train = trainingData().train;
        check(example >= 0 && example < train.size(), "--example must be between 0 and " + (train.size() - 1)
                + " (the " + train.size() + " training examples of " + network + "), was " + example);
        String source;
        if (weights != null) {
            ModelFile.load(model, weights);
            source = "weights of " + weights;
        } else {
            model.initialize(seed);
            source = "weights of initialize(" + seed + ")";
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("explain %s: %s, %s%n", network, model.architecture(), source);
        out.printf("training example %d of %d, %s%n", example, train.size(), train.hasLabels()
                ? label(train.labels()[example]) : target(train, example));
        out.print(StepTrace.of(model, train, example, scope));
        out.flush();
        return 0;
    }

    /** {@code label 2 (virginica)}, or {@code label 1} for a class without a name of its own. */
    private String label(int c) {
        String name = network.className(c);
        return "label " + c + (name.equals(Integer.toString(c)) ? "" : " (" + name + ")");
    }

    /** {@code target 0.4}, or {@code target [0.4, 1.2]} for several outputs. */
    private static String target(Dataset data, int example) {
        StringBuilder s = new StringBuilder("target ");
        for (int t = 0; t < data.targetSize(); t++) {
            s.append(t == 0 ? data.targetSize() > 1 ? "[" : "" : ", ").append((float) data.target(example, t));
        }
        return data.targetSize() > 1 ? s.append(']').toString() : s.toString();
    }

    /** The network's data, split and scaled as its training command does (with {@link #seed}). */
    private TrainCommand.Data trainingData() throws IOException {
        switch (network) {
            case XOR:
                return new XorCommand().load();
            case IRIS:
                IrisCommand iris = new IrisCommand();
                iris.data = data;
                iris.seed = seed;
                return iris.load();
            case IRIS_REGRESSION:
                IrisRegressionCommand regression = new IrisRegressionCommand();
                regression.data = data;
                regression.seed = seed;
                return regression.load();
            case MNIST:
                check(dir != null, "mnist needs --dir DIR, the directory of the four MNIST files");
                MnistCommand mnist = new MnistCommand();
                mnist.dir = dir;
                mnist.seed = seed;
                return mnist.load();
            default:
                DigitsCommand digits = new DigitsCommand();
                digits.data = data;
                digits.seed = seed;
                return digits.load();
        }
    }

    /** A usage error (one line, exit code 2) unless {@code ok}. */
    private void check(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }
}
