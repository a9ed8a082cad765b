package io.chainrule.spark;

import io.chainrule.Activation;
import io.chainrule.DoubleModel;
import io.chainrule.Layer;
import io.chainrule.Loss;
import io.chainrule.Network;
import io.chainrule.Precision;

/** Small networks of the Spark tests, in double precision and with other heads than the samples'. */
final class TestNetworks {
    private TestNetworks() {
    }

    /** 3-5-4 tanh, softmax cross-entropy, double. */
    @Network(inputs = 3, layers = {@Layer(units = 5, activation = Activation.TANH),
            @Layer(units = 4, activation = Activation.IDENTITY)}, loss = Loss.SOFTMAX_CROSS_ENTROPY,
            precision = Precision.DOUBLE, name = "SmallDoubleClassifier")
    public interface SmallDoubleClassifierNet extends DoubleModel {
    }

    /** 3-8-4 ReLU, softmax cross-entropy, float. */
    @Network(inputs = 3, layers = {@Layer(units = 8, activation = Activation.RELU),
            @Layer(units = 4, activation = Activation.IDENTITY)}, loss = Loss.SOFTMAX_CROSS_ENTROPY,
            name = "SmallFloatClassifier")
    public interface SmallFloatClassifierNet extends io.chainrule.FloatModel {
    }

    /** 2-6-1 tanh, mean squared error, double. */
    @Network(inputs = 2, layers = {@Layer(units = 6, activation = Activation.TANH),
            @Layer(units = 1, activation = Activation.IDENTITY)}, loss = Loss.MEAN_SQUARED_ERROR,
            precision = Precision.DOUBLE, name = "SmallRegressor")
    public interface SmallRegressorNet extends DoubleModel {
    }
}
