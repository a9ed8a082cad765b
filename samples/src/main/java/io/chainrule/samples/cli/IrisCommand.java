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
 * Trains {@code IrisModel} on the iris data: a stratified, seeded 60/20/20 split
 * (90/30/30 flowers), standardised with the training part's statistics.
 */
@DesktopOnly
@Command(name = "iris", description = "Train 4-16-3 ReLU (softmax cross-entropy) on the iris flowers.")
final class IrisCommand extends TrainCommand {
    @Option(names = "--data", paramLabel = "FILE",
            description = "CSV with a 'label' column (0..2) and 4 features (default: the shipped iris.csv).")
    File data;

    @Override
    SampleModel sample() {
        return SampleModel.IRIS;
    }

    @Override
    Defaults defaults() {
        return new Defaults(200, 8, 0.01, OptimizerChoice.ADAM, 30);
    }

    @Override
    Data load() throws IOException {
        CsvSource source = new CsvSource(data, "iris.csv", "label");
        Dataset all = source.read(CsvReader.builder().labelColumn("label").classCount(3).build());
        requireFeatures(all, 4, source.name());
        Split split = split(all, 0.6, 0.2, seed, source);
        return scaled(all, split, FeatureScaler.standardize(split.train()), source);
    }
}
