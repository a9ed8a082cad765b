package io.chainrule.samples.cli;

import io.chainrule.train.Adam;
import io.chainrule.train.GradientDescent;
import io.chainrule.train.Momentum;
import io.chainrule.train.Optimizer;
import java.util.Iterator;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** The {@code --optimizer} values. */
@DesktopOnly
enum OptimizerChoice {
    /** Plain (minibatch) gradient descent. */
    SGD,
    /** Classic momentum, 0.9. */
    MOMENTUM,
    /** Nesterov momentum, 0.9. */
    NESTEROV,
    /** Adam with its usual defaults (0.9, 0.999, 1e-8). */
    ADAM;

    /** A new optimizer of this kind, without weight decay. */
    Optimizer create() {
        switch (this) {
            case SGD:
                return new GradientDescent();
            case MOMENTUM:
                return new Momentum(0.9);
            case NESTEROV:
                return new Momentum(0.9, true, 0.0);
            default:
                return new Adam();
        }
    }

    /** The lower-case name, as typed on the command line and shown in the help. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Converts and lists the command-line values. */
    @DesktopOnly
    static final class Names implements ITypeConverter<OptimizerChoice>, Iterable<String> {
        @Override
        public OptimizerChoice convert(String value) {
            return LowerCaseNames.parse(OptimizerChoice.class, value);
        }

        @Override
        public Iterator<String> iterator() {
            return LowerCaseNames.names(OptimizerChoice.class).iterator();
        }
    }
}
