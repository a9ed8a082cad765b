package io.chainrule.samples.cli;

import io.chainrule.data.CsvReader;
import io.chainrule.data.Dataset;
import io.chainrule.data.FeatureScaler;
import io.chainrule.data.Split;
import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains {@code DigitsModel} on the 8x8 digits: a stratified, seeded 70/15/15 split
 * (1257/269/271 images); pixels 0..16 divided by 16 (a fixed scaler, saved with the model).
 */
@DesktopOnly
@Command(name = "digits", description = "Train 64-32-10 ReLU (softmax cross-entropy) on the 8x8 handwritten digits.")
class DigitsCommand extends TrainCommand {
    /** The largest pixel value of the 8x8 digits. */
    static final double MAX_PIXEL = 16;

    @Option(names = "--data", paramLabel = "FILE",
            description = "CSV with a 'label' column (0..9) and 64 pixels 0..16 (default: the shipped digits.csv).")
    File data;

    @Override
    SampleModel sample() {
        return SampleModel.DIGITS;
    }

    @Override
    Defaults defaults() {
        return new Defaults(60, 16, 0.05, OptimizerChoice.MOMENTUM, 10);
    }

    @Override
    Data load() throws IOException {
        CsvSource source = new CsvSource(data, "digits.csv", "label");
        Dataset all = source.read(CsvReader.builder().labelColumn("label").classCount(10).build());
        requireFeatures(all, 64, source.name());
        Split split = split(all, 0.7, 0.15, seed, source);
        double[] zero = new double[64];
        double[] sixteen = new double[64];
        Arrays.fill(sixteen, MAX_PIXEL);
        return scaled(all, split, FeatureScaler.of(FeatureScaler.Kind.MIN_MAX, zero, sixteen), source);
    }
}
