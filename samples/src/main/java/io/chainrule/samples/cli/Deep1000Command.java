package io.chainrule.samples.cli;

import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@link DeepCommand} for {@code DeepResidual1000Model} alone: a residual network of 1000 layers of
 * 16 tanh units on the digits. Prints the per-layer gradient norms after the first epoch (as soon
 * as it ends) and writes {@code <out>/deep-1000.chrl} and {@code <out>/deep-1000-gradients.png}.
 */
@DesktopOnly
@Command(name = "deep-1000",
        description = "Train a 1000-layer residual tanh network (width 16) on the 8x8 digits, watching its gradient norms.")
final class Deep1000Command extends DeepCommand {
    @Override
    List<SampleModel> networks() {
        return Arrays.asList(SampleModel.DEEP_1000);
    }

    @Override
    String label(SampleModel sample) {
        return "residual-1000";
    }

    @Override
    String note(SampleModel sample) {
        return "layers 2-999 residual, branches scaled by α = 1/sqrt(998) = 0.0317";
    }

    @Override
    SampleModel sample() {
        return SampleModel.DEEP_1000;
    }

    @Override
    Defaults defaults() {
        return new Defaults(5, 32, 0.001, OptimizerChoice.ADAM, 0);
    }
}
