package io.chainrule.samples.cli;

import io.chainrule.FloatModel;
import io.chainrule.samples.deep.DeepPlainModel;
import io.chainrule.samples.deep.DeepResidual1000Model;
import io.chainrule.samples.deep.DeepResidualModel;
import io.chainrule.samples.digits.DigitsHingeModel;
import io.chainrule.samples.digits.DigitsModel;
import io.chainrule.samples.iris.IrisModel;
import io.chainrule.samples.iris.IrisRegressionModel;
import io.chainrule.samples.mnist.MnistModel;
import io.chainrule.samples.xor.XorModel;
import java.util.Iterator;
import java.util.Locale;
import java.util.function.Supplier;
import picocli.CommandLine.ITypeConverter;

/** The sample networks the app trains and loads, by their command name. */
@DesktopOnly
enum SampleModel {
    /** {@link XorModel}: 2-3-1, sigmoid cross-entropy. */
    XOR(XorModel::new, "0", "1"),
    /** {@link IrisModel}: 4-16-3, softmax cross-entropy. */
    IRIS(IrisModel::new, "setosa", "versicolor", "virginica"),
    /** {@link IrisRegressionModel}: 3-16-1, mean squared error. */
    IRIS_REGRESSION(IrisRegressionModel::new),
    /** {@link DigitsModel}: 64-32-10, softmax cross-entropy. */
    DIGITS(DigitsModel::new, digitNames()),
    /** {@link DigitsHingeModel}: 64-32-10, multiclass hinge. */
    DIGITS_HINGE(DigitsHingeModel::new, digitNames()),
    /** {@link MnistModel}: 784-128-10, softmax cross-entropy. */
    MNIST(MnistModel::new, digitNames()),
    /** {@link DeepPlainModel}: 30 layers, 29 sigmoid hidden layers of 32, no skip connections. */
    DEEP_PLAIN(DeepPlainModel::new, digitNames()),
    /** {@link DeepResidualModel}: the same 30 layers with residual connections. */
    DEEP_RESIDUAL(DeepResidualModel::new, digitNames()),
    /** {@link DeepResidual1000Model}: 1000 layers of 16, 998 of them residual (last: the largest class to load). */
    DEEP_1000(DeepResidual1000Model::new, digitNames());

    private final Supplier<FloatModel> factory;
    private final String[] classNames;

    SampleModel(Supplier<FloatModel> factory, String... classNames) {
        this.factory = factory;
        this.classNames = classNames;
    }

    /** A new, uninitialised model. */
    FloatModel newModel() {
        return factory.get();
    }

    /** The name of class {@code c} (its index for unnamed classes). */
    String className(int c) {
        return c < classNames.length ? classNames[c] : Integer.toString(c);
    }

    /** The command and {@code --model} name, for example {@code digits-hinge}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Converts and lists the command-line values. */
    @DesktopOnly
    static final class Names implements ITypeConverter<SampleModel>, Iterable<String> {
        @Override
        public SampleModel convert(String value) {
            return LowerCaseNames.parse(SampleModel.class, value);
        }

        @Override
        public Iterator<String> iterator() {
            return LowerCaseNames.names(SampleModel.class).iterator();
        }
    }

    private static String[] digitNames() {
        return new String[] {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    }
}
