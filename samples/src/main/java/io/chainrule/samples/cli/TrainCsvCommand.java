package io.chainrule.samples.cli;

import io.chainrule.FloatModel;
import io.chainrule.Loss;
import io.chainrule.data.CsvReader;
import io.chainrule.data.Dataset;
import io.chainrule.data.FeatureScaler;
import io.chainrule.data.MalformedDataException;
import io.chainrule.data.Scaler;
import io.chainrule.data.Schema;
import io.chainrule.data.Split;
import io.chainrule.io.AtomicFile;
import io.chainrule.io.ModelFile;
import io.chainrule.train.Trainer;
import io.chainrule.train.TrainerConfig;
import io.chainrule.train.TrainingResult;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Trains a network of the user's choosing on any CSV file: the layers, activations and loss from
 * the command line, the {@code @Network} declaration generated and compiled in-process by
 * Chainrule's own processor (which needs a JDK), trained with the library's defaults unless told
 * otherwise, evaluated on a test part, and saved with its scaler and the table's schema (so that
 * {@code predict} takes raw rows and prints class names). The declaration ({@code <Name>.java}) and
 * the generated model ({@code <Name>Model.java}) are written next to the model file, to paste
 * into an application.
 */
@DesktopOnly
@Command(name = "train", sortOptions = false,
        description = {"Train a network on your own CSV file: give the label (or target) column and the layers;"
                + " the network is generated and compiled in-process by Chainrule's processor (needs a JDK), trained,"
                + " evaluated and saved with its scaler, class names and @Network declaration."})
final class TrainCsvCommand extends TrainCommand {
    @Parameters(index = "0", paramLabel = "CSV_FILE", description = "The table: a header of column names, one example per row.")
    File csv;

    @Option(names = "--label", paramLabel = "COLUMN",
            description = "The column of the classes: names (setosa, ...) or indices 0..K-1 (default: the column named 'label').")
    String label;

    @Option(names = "--target", paramLabel = "COLUMN", split = ",",
            description = "Regression instead: the column(s) of the values to predict.")
    List<String> targets;

    @Option(names = "--categorical", paramLabel = "COLUMN", split = ",",
            description = "Columns of categories (text), each one-hot encoded as one input per category.")
    List<String> categorical = new ArrayList<>();

    @Option(names = "--ignore", paramLabel = "COLUMN", split = ",", description = "Columns not to use, such as an id.")
    List<String> ignore = new ArrayList<>();

    @Option(names = "--impute", description = "Fill missing values (empty, NA, N/A, ?) with the column's mean or most"
            + " frequent category, instead of stopping at the first one.")
    boolean impute;

    @Option(names = "--layers", paramLabel = "UNITS:ACTIVATION,...", defaultValue = "100:relu",
            description = "The hidden layers, for example 64:relu,32:tanh; 'none' for none; the output layer follows from"
                    + " the data (default: ${DEFAULT-VALUE}). Activations: identity, sigmoid, tanh, relu, leaky_relu, softplus.")
    String layers;

    @Option(names = "--loss", paramLabel = "LOSS", description = "softmax_cross_entropy (default for a label),"
            + " multiclass_hinge, sigmoid_cross_entropy, or mean_squared_error (default for targets).")
    String loss;

    @Option(names = "--scale", paramLabel = "HOW", defaultValue = "standard",
            description = "Input scaling fitted on the training part: standard, min-max or none (default: ${DEFAULT-VALUE}).")
    String scale;

    @Option(names = "--split", paramLabel = "TRAIN,DEV", defaultValue = "0.6,0.2",
            description = "Fractions of the rows for training and development; the rest is the test part (default: ${DEFAULT-VALUE}).")
    String splitFractions;

    @Option(names = "--dev", paramLabel = "FILE", description = "Development rows in a file of their own (same columns).")
    File devFile;

    @Option(names = "--test", paramLabel = "FILE", description = "Test rows in a file of their own (same columns).")
    File testFile;

    @Option(names = "--name", paramLabel = "TYPE",
            description = "The Java name of the network (default: from the file name, wine.csv: Wine).")
    String name;

    @Option(names = "--package", paramLabel = "NAME", defaultValue = "",
            description = "The package of the generated declaration (default: none).")
    String packageName;

    @Override
    SampleModel sample() {
        throw new UnsupportedOperationException("train compiles its own network");
    }

    @Override
    Defaults defaults() {
        TrainerConfig d = TrainerConfig.builder().build();
        return new Defaults(d.epochs(), d.batchSize(), d.schedule().learningRate(0), OptimizerChoice.ADAM, d.patience());
    }

    @Override
    double minRelativeDelta() {
        return TrainerConfig.DEFAULT_MIN_RELATIVE_DELTA;
    }

    @Override
    Data load() {
        throw new UnsupportedOperationException("see call()");
    }

    @Override
    public Integer call() throws IOException {
        checkOptions();
        String typeName = name != null ? name : NetworkDeclaration.typeName(csv.getName());
        check(typeName.matches("[A-Za-z_$][A-Za-z0-9_$]*"), "--name '" + typeName + "' is not a Java type name");
        check(packageName.isEmpty() || packageName.matches("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)*"),
                "--package '" + packageName + "' is not a package name");
        check(label == null || targets == null, "give either --label (classification) or --target (regression)");
        List<NetworkDeclaration.Layer> hidden = usage(() -> NetworkDeclaration.parseLayers(layers, 1));
        double[] fractions = fractions();
        PrintWriter log = spec.commandLine().getOut();

        Dataset all = reader().read(csv);
        Schema schema = all.schema();
        boolean regression = targets != null;
        Loss lossChoice = loss != null ? usage(() -> NetworkDeclaration.loss(loss))
                : regression ? Loss.MEAN_SQUARED_ERROR : Loss.SOFTMAX_CROSS_ENTROPY;
        check(lossChoice.takesClassIndex() != regression, "--loss " + lossChoice.label() + " needs "
                + (regression ? "a --label column (classes)" : "--target columns (values)"));
        int classes = regression ? 0 : all.classCount();
        if (!regression && classes < 2) {
            throw new MalformedDataException(csv.getPath(), "the label column '" + schema.labelColumn() + "' holds one"
                    + " class only (" + schema.className(0) + "); a classifier needs at least 2");
        }
        int outputs = regression ? all.targetSize()
                : lossChoice == Loss.SIGMOID_CROSS_ENTROPY && classes == 2 ? 1 : classes;
        List<NetworkDeclaration.Layer> network = new ArrayList<>(hidden.subList(0, hidden.size() - 1));
        network.add(new NetworkDeclaration.Layer(outputs, io.chainrule.Activation.IDENTITY));
        NetworkDeclaration declaration = new NetworkDeclaration(all.featureCount(), network, lossChoice);

        Data data = split(all, fractions);
        String source = declaration.source(packageName, typeName, comment(schema));
        NetworkCompiler.Compiled compiled = NetworkCompiler.compile(packageName, typeName, source);
        FloatModel model = compiled.newModel();
        makeOutputDirectory();
        log.printf("%s: %s, %d parameters; %d train / %d dev / %d test examples%n", csv.getName(), model.architecture(),
                model.parameterCount(), size(data.train), size(data.dev), size(data.test));
        log.println(describe(schema));
        for (Schema.Column column : schema.columns()) {
            if (column.filled() > 0) {
                log.printf("filled %d missing value%s of '%s' with %s%n", column.filled(), column.filled() == 1 ? "" : "s",
                        column.name(), column.isCategorical() ? "'" + column.categories().get((int) column.fill()) + "'"
                                : String.format("%.4g", column.fill()));
            }
        }
        log.println(settings(data));
        log.flush();
        model.initialize(seed);
        TrainerConfig.Builder config = trainerConfig(data, new Progress(log, epochs, showProgressBar()));
        TrainingResult result = new Trainer(config.build()).train(model, data.train, data.dev, data.test);
        Report.print(log, schema::className, result);

        String base = NetworkDeclaration.fileBase(typeName);
        File modelFile = new File(out, base + ".chrl");
        File declarationFile = new File(out, typeName + ".java");
        File modelSource = new File(out, typeName + "Model.java");
        File page = new File(out, typeName + "Model.html");
        File plot = new File(out, base + "-training.png");
        ModelFile.save(model, data.scaler, schema, modelFile);
        write(declarationFile, source);
        write(modelSource, compiled.modelSource);
        write(page, compiled.derivationPage);
        TrainingCurve.write(result, typeName + " " + model.architecture(), plot);
        log.printf("wrote %s, %s (the @Network declaration), %s, %s (its derivation) and %s%n", modelFile,
                declarationFile.getName(), modelSource.getName(), page.getName(), plot.getName());
        log.flush();
        return 0;
    }

    private CsvReader reader() {
        CsvReader.Builder b = CsvReader.builder();
        if (targets != null) {
            b.targetColumns(targets.toArray(new String[0]));
        } else {
            b.labelColumn(label != null ? label : "label");
        }
        b.categorical(categorical.toArray(new String[0])).ignore(ignore.toArray(new String[0]));
        if (impute) {
            b.imputeMissing();
        }
        return usage(b::build);
    }

    private double[] fractions() {
        String[] parts = splitFractions.split(",");
        double[] f = new double[2];
        boolean ok = parts.length == 2;
        for (int i = 0; ok && i < 2; i++) {
            try {
                f[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                ok = false;
            }
        }
        check(ok && f[0] > 0 && f[1] >= 0 && f[0] + f[1] <= 1, "--split '" + splitFractions
                + "' is not TRAIN,DEV with 0 < TRAIN, 0 <= DEV and TRAIN + DEV <= 1, for example 0.6,0.2");
        return f;
    }

    /** The parts: from the file by a seeded stratified split, the development and test parts from their files if given. */
    private Data split(Dataset all, double[] fractions) throws IOException {
        CsvSource source = new CsvSource(csv, csv.getName());
        Dataset train;
        Dataset dev;
        Dataset test;
        if (devFile == null && testFile == null) {
            Split split = split(all, fractions[0], fractions[1], seed, source);
            train = split.train();
            dev = split.dev();
            test = split.test();
        } else if (devFile != null && testFile != null) {
            train = all;
            dev = labelled(devFile, all.schema());
            test = labelled(testFile, all.schema());
        } else {
            Split split = Split.stratified(all, 0.8, devFile != null ? 0.0 : 0.2, seed);
            check(split.train().size() > 0 && (devFile != null || split.dev().size() > 0),
                    "too few rows in " + csv + " to split");
            train = split.train();
            dev = devFile != null ? labelled(devFile, all.schema()) : split.dev();
            test = testFile != null ? labelled(testFile, all.schema()) : split.test();
        }
        FeatureScaler scaler = scale.equals("standard") ? FeatureScaler.standardize(train)
                : scale.equals("min-max") ? FeatureScaler.minMax(train) : null;
        check(scaler != null || scale.equals("none"), "--scale must be standard, min-max or none, was '" + scale + "'");
        Scaler s = scaler != null ? scaler : Scaler.NONE;
        return new Data(scaled(s, train, "training"), scaled(s, dev, "development"), scaled(s, test, "test"), s);
    }

    /** The rows of {@code file}, read with the training table's schema; they must hold the label or targets. */
    private Dataset labelled(File file, Schema schema) throws IOException {
        Dataset data = schema.reader().read(file);
        if (data.isFeaturesOnly()) {
            throw new MalformedDataException(file.getPath(), "no " + (schema.hasLabels() ? "label column '"
                    + schema.labelColumn() + "'" : "target columns " + schema.targetColumns()) + "; evaluation needs it");
        }
        return data;
    }

    private static Dataset scaled(Scaler scaler, Dataset part, String name) {
        Dataset result = scaler.transform(part);
        int i = result.firstNonFiniteExample();
        if (i >= 0) {
            for (int j = 0; j < result.featureCount(); j++) {
                double v = result.feature(i, j);
                if (Double.isNaN(v) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("example " + (i + 1) + " of the " + name + " part: "
                            + part.schema().featureNames().get(j) + " " + part.feature(i, j) + " is " + v
                            + " after scaling with the training part's statistics; the model cannot use it");
                }
            }
        }
        return result;
    }

    /** The Javadoc of the declaration: where it came from, its inputs and its classes. */
    private List<String> comment(Schema schema) {
        List<String> lines = new ArrayList<>();
        lines.add("Trained by {@code chainrule train} on " + csv.getName() + ".");
        lines.add("");
        lines.add("<p>Inputs, in order: " + String.join(", ", schema.featureNames()) + ".");
        if (schema.hasLabels()) {
            lines.add("Classes, by index: " + String.join(", ", schema.classNames()) + ".");
        } else {
            lines.add("Outputs: " + String.join(", ", schema.targetColumns()) + ".");
        }
        return lines;
    }

    /** A line that names the inputs and the classes. */
    private static String describe(Schema schema) {
        List<String> inputs = schema.featureNames();
        String in = inputs.size() <= 8 ? String.join(", ", inputs)
                : String.join(", ", inputs.subList(0, 6)) + ", ... " + inputs.get(inputs.size() - 1);
        return "inputs: " + in + (schema.hasLabels() ? "; classes: " + String.join(", ", schema.classNames())
                : "; targets: " + String.join(", ", schema.targetColumns()));
    }

    private static void write(File file, String text) throws IOException {
        AtomicFile.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code action}'s result; its IllegalArgumentException or IllegalStateException as a usage error. */
    private <T> T usage(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            check(false, e.getMessage());
            return null;
        }
    }
}
