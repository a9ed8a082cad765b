package io.chainrule.samples.cli;

import io.chainrule.data.Dataset;
import io.chainrule.data.Scaler;
import picocli.CommandLine.Command;

/** Trains {@code XorModel} on the four XOR points (full batch; they are also the test set). */
@DesktopOnly
@Command(name = "xor", description = "Train 2-3-1 tanh on the four XOR points.")
final class XorCommand extends TrainCommand {
    @Override
    SampleModel sample() {
        return SampleModel.XOR;
    }

    @Override
    Defaults defaults() {
        return new Defaults(2000, 4, 2.0, OptimizerChoice.SGD, 0);
    }

    @Override
    Data load() {
        Dataset points = Dataset.ofLabels(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 2, new int[] {0, 1, 1, 0}, 2);
        return new Data(points, null, points, Scaler.NONE);
    }
}
