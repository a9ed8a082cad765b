package io.chainrule.spark.samples;

import io.chainrule.Activation;
import io.chainrule.FloatModel;
import io.chainrule.Layer;
import io.chainrule.Loss;
import io.chainrule.Network;

/**
 * The networks of the Spark sample and of the side-by-side benchmark against Spark MLlib: the
 * digits and MNIST networks of the other samples (ReLU hidden layer), and the same sizes with a
 * sigmoid hidden layer, the architecture of MLlib's {@code MultilayerPerceptronClassifier}
 * (sigmoid hidden layers, softmax output).
 */
public final class Networks {
    private Networks() {
    }

    /** 64-32-10, ReLU hidden layer, softmax cross-entropy. */
    @Network(inputs = 64, layers = {@Layer(units = 32, activation = Activation.RELU),
            @Layer(units = 10, activation = Activation.IDENTITY)}, loss = Loss.SOFTMAX_CROSS_ENTROPY,
            name = "DigitsRelu")
    public interface DigitsReluNet extends FloatModel {
    }

    /** 64-32-10, sigmoid hidden layer, softmax cross-entropy: MLlib's architecture. */
    @Network(inputs = 64, layers = {@Layer(units = 32, activation = Activation.SIGMOID),
            @Layer(units = 10, activation = Activation.IDENTITY)}, loss = Loss.SOFTMAX_CROSS_ENTROPY,
            name = "DigitsSigmoid")
    public interface DigitsSigmoidNet extends FloatModel {
    }

    /** 784-128-10, ReLU hidden layer, softmax cross-entropy. */
    @Network(inputs = 784, layers = {@Layer(units = 128, activation = Activation.RELU),
            @Layer(units = 10, activation = Activation.IDENTITY)}, loss = Loss.SOFTMAX_CROSS_ENTROPY,
            name = "MnistRelu")
    public interface MnistReluNet extends FloatModel {
    }

    /** 784-128-10, sigmoid hidden layer, softmax cross-entropy: MLlib's architecture. */
    @Network(inputs = 784, layers = {@Layer(units = 128, activation = Activation.SIGMOID),
            @Layer(units = 10, activation = Activation.IDENTITY)}, loss = Loss.SOFTMAX_CROSS_ENTROPY,
            name = "MnistSigmoid")
    public interface MnistSigmoidNet extends FloatModel {
    }
}
