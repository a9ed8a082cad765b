package io.chainrule.samples.mnist;

import io.chainrule.Activation;
import io.chainrule.FloatModel;
import io.chainrule.Layer;
import io.chainrule.Loss;
import io.chainrule.Network;

/**
 * MNIST handwritten digits, 28x28 pixels in {@code [0, 1]}: 784 inputs, 128 ReLU units, 10
 * classes scored by softmax cross-entropy. Chainrule generates {@code MnistModel}.
 */
@Network(
        inputs = 784,
        layers = {
            @Layer(units = 128, activation = Activation.RELU),
            @Layer(units = 10, activation = Activation.IDENTITY)
        },
        loss = Loss.SOFTMAX_CROSS_ENTROPY)
public interface Mnist extends FloatModel {
}
