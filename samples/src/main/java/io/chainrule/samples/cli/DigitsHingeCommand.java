package io.chainrule.samples.cli;

import picocli.CommandLine.Command;

/** {@link DigitsCommand} with the multiclass hinge loss ({@code DigitsHingeModel}), as an SVM is trained. */
@DesktopOnly
@Command(name = "digits-hinge",
        description = "Train 64-32-10 ReLU with the multiclass hinge loss (SVM-style) on the 8x8 handwritten digits.")
final class DigitsHingeCommand extends DigitsCommand {
    @Override
    SampleModel sample() {
        return SampleModel.DIGITS_HINGE;
    }

    @Override
    Defaults defaults() {
        return new Defaults(60, 16, 0.02, OptimizerChoice.MOMENTUM, 10);
    }
}
