package io.chainrule.benchmarks;

import io.chainrule.Activation;
import io.chainrule.CodeShape;
import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Layer;
import io.chainrule.Loss;
import io.chainrule.Network;
import io.chainrule.Precision;

/**
 * The networks of the benchmark protocol, one annotated interface per workload, precision and
 * code shape, and factories that pick the generated class for a code shape.
 */
public final class Networks {
    private Networks() {
    }

    /** P1/P2: digits 64-32(relu)-10, float, loops. */
    @Network(inputs = 64, layers = {@Layer(units = 32, activation = Activation.RELU),
            @Layer(units = 10, activation = Activation.IDENTITY)},
            loss = Loss.SOFTMAX_CROSS_ENTROPY, shape = CodeShape.LOOPS, name = "DigitsFloatLoops")
    public interface DigitsFloatLoopsNet extends FloatModel {
    }

    /** P1/P2: digits, float, unrolled. */
    @Network(inputs = 64, layers = {@Layer(units = 32, activation = Activation.RELU),
            @Layer(units = 10, activation = Activation.IDENTITY)},
            loss = Loss.SOFTMAX_CROSS_ENTROPY, shape = CodeShape.UNROLLED, name = "DigitsFloatUnrolled")
    public interface DigitsFloatUnrolledNet extends FloatModel {
    }

    /** P1/P2: digits, double, loops. */
    @Network(inputs = 64, layers = {@Layer(units = 32, activation = Activation.RELU),
            @Layer(units = 10, activation = Activation.IDENTITY)},
            loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.DOUBLE, shape = CodeShape.LOOPS,
            name = "DigitsDoubleLoops")
    public interface DigitsDoubleLoopsNet extends DoubleModel {
    }

    /** P1/P2: digits, double, unrolled. */
    @Network(inputs = 64, layers = {@Layer(units = 32, activation = Activation.RELU),
            @Layer(units = 10, activation = Activation.IDENTITY)},
            loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.DOUBLE, shape = CodeShape.UNROLLED,
            name = "DigitsDoubleUnrolled")
    public interface DigitsDoubleUnrolledNet extends DoubleModel {
    }

    /** P3: 784-128(relu)-10, float, loops. */
    @Network(inputs = 784, layers = {@Layer(units = 128, activation = Activation.RELU),
            @Layer(units = 10, activation = Activation.IDENTITY)},
            loss = Loss.SOFTMAX_CROSS_ENTROPY, shape = CodeShape.LOOPS, name = "MnistFloatLoops")
    public interface MnistFloatLoopsNet extends FloatModel {
    }

    /** P3: 784-128(relu)-10, double, loops. */
    @Network(inputs = 784, layers = {@Layer(units = 128, activation = Activation.RELU),
            @Layer(units = 10, activation = Activation.IDENTITY)},
            loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.DOUBLE, shape = CodeShape.LOOPS,
            name = "MnistDoubleLoops")
    public interface MnistDoubleLoopsNet extends DoubleModel {
    }

    /** P4: 4-8(tanh)-3(identity), float, loops. */
    @Network(inputs = 4, layers = {@Layer(units = 8, activation = Activation.TANH),
            @Layer(units = 3, activation = Activation.IDENTITY)},
            loss = Loss.MEAN_SQUARED_ERROR, shape = CodeShape.LOOPS, name = "TinyFloatLoops")
    public interface TinyFloatLoopsNet extends FloatModel {
    }

    /** P4: tiny, float, unrolled. */
    @Network(inputs = 4, layers = {@Layer(units = 8, activation = Activation.TANH),
            @Layer(units = 3, activation = Activation.IDENTITY)},
            loss = Loss.MEAN_SQUARED_ERROR, shape = CodeShape.UNROLLED, name = "TinyFloatUnrolled")
    public interface TinyFloatUnrolledNet extends FloatModel {
    }

    /** P4: tiny, double, loops. */
    @Network(inputs = 4, layers = {@Layer(units = 8, activation = Activation.TANH),
            @Layer(units = 3, activation = Activation.IDENTITY)},
            loss = Loss.MEAN_SQUARED_ERROR, precision = Precision.DOUBLE, shape = CodeShape.LOOPS,
            name = "TinyDoubleLoops")
    public interface TinyDoubleLoopsNet extends DoubleModel {
    }

    /** P4: tiny, double, unrolled. */
    @Network(inputs = 4, layers = {@Layer(units = 8, activation = Activation.TANH),
            @Layer(units = 3, activation = Activation.IDENTITY)},
            loss = Loss.MEAN_SQUARED_ERROR, precision = Precision.DOUBLE, shape = CodeShape.UNROLLED,
            name = "TinyDoubleUnrolled")
    public interface TinyDoubleUnrolledNet extends DoubleModel {
    }

    /**
     * 8-8(tanh)-8(tanh)-8, 64 multiply-adds per layer (AUTO's unrolling limit until the
     * measurements in BENCHMARKS.md, "Code-shape thresholds"), double, loops.
     */
    @Network(inputs = 8, layers = {@Layer(units = 8, activation = Activation.TANH),
            @Layer(units = 8, activation = Activation.TANH), @Layer(units = 8, activation = Activation.IDENTITY)},
            loss = Loss.MEAN_SQUARED_ERROR, precision = Precision.DOUBLE, shape = CodeShape.LOOPS,
            name = "EdgeDoubleLoops")
    public interface EdgeDoubleLoopsNet extends DoubleModel {
    }

    /** 8-8-8-8, unrolled. */
    @Network(inputs = 8, layers = {@Layer(units = 8, activation = Activation.TANH),
            @Layer(units = 8, activation = Activation.TANH), @Layer(units = 8, activation = Activation.IDENTITY)},
            loss = Loss.MEAN_SQUARED_ERROR, precision = Precision.DOUBLE, shape = CodeShape.UNROLLED,
            name = "EdgeDoubleUnrolled")
    public interface EdgeDoubleUnrolledNet extends DoubleModel {
    }

    /** A new 8-8-8-8 network of {@code shape} (LOOPS or UNROLLED) in double. */
    public static DoubleModel edgeDouble(CodeShape shape) {
        return shape == CodeShape.UNROLLED ? new EdgeDoubleUnrolled() : new EdgeDoubleLoops();
    }

    /** A new digits network of {@code shape} (LOOPS or UNROLLED) in float. */
    public static FloatModel digitsFloat(CodeShape shape) {
        return shape == CodeShape.UNROLLED ? new DigitsFloatUnrolled() : new DigitsFloatLoops();
    }

    /** A new digits network of {@code shape} (LOOPS or UNROLLED) in double. */
    public static DoubleModel digitsDouble(CodeShape shape) {
        return shape == CodeShape.UNROLLED ? new DigitsDoubleUnrolled() : new DigitsDoubleLoops();
    }

    /** A new tiny network of {@code shape} (LOOPS or UNROLLED) in float. */
    public static FloatModel tinyFloat(CodeShape shape) {
        return shape == CodeShape.UNROLLED ? new TinyFloatUnrolled() : new TinyFloatLoops();
    }

    /** A new tiny network of {@code shape} (LOOPS or UNROLLED) in double. */
    public static DoubleModel tinyDouble(CodeShape shape) {
        return shape == CodeShape.UNROLLED ? new TinyDoubleUnrolled() : new TinyDoubleLoops();
    }
}
