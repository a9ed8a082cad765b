package io.chainrule.samples.cli;

import io.chainrule.data.CsvReader;
import io.chainrule.data.Dataset;
import io.chainrule.data.FeatureScaler;
import io.chainrule.data.Split;
import java.io.File;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains {@code IrisRegressionModel}: the petal width from the other three measurements (the
 * species is not an input), mean squared error, a seeded 60/20/20 split, standardised inputs.
 */
@DesktopOnly
@Command(name = "iris-regression",
        description = "Train 3-16-1 tanh (mean squared error) to predict the iris petal width from the other three measurements.")
final class IrisRegressionCommand extends TrainCommand {
    /** The column predicted. */
    static final String TARGET = "petal_width_cm";

    @Option(names = "--data", paramLabel = "FILE",
            description = "CSV with columns 'label' (ignored), '" + TARGET + "' and 3 more features (default: the shipped iris.csv).")
    File data;

    @Override
    SampleModel sample() {
        return SampleModel.IRIS_REGRESSION;
    }

    @Override
    Defaults defaults() {
        return new Defaults(300, 8, 0.005, OptimizerChoice.ADAM, 30);
    }

    @Override
    Data load() throws IOException {
        // The reader takes every column that is not a target as a feature: read the species as a
        // second target, then drop it.
        CsvSource source = new CsvSource(data, "iris.csv", TARGET, "label");
        Dataset both = source.read(CsvReader.builder().targetColumns(TARGET, "label").build());
        requireFeatures(both, 3, source.name());
        float[] widths = new float[both.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = (float) both.target(i, 0);
        }
        Dataset all = Dataset.ofTargets(both.floatFeatures(), 3, widths, 1);
        Split split = split(all, 0.6, 0.2, seed, source);
        return scaled(all, split, FeatureScaler.standardize(split.train()), source);
    }
}
