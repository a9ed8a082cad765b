package io.chainrule.samples.digits;

import io.chainrule.Activation;
import io.chainrule.FloatModel;
import io.chainrule.Layer;
import io.chainrule.Loss;
import io.chainrule.Network;

/**
 * Handwritten digits, 8x8 pixels: 64 inputs, 32 ReLU units, 10 classes scored by softmax
 * cross-entropy. The network of benchmark workloads P1 and P2.
 */
@Network(
        inputs = 64,
        layers = {
            @Layer(units = 32, activation = Activation.RELU),
            @Layer(units = 10, activation = Activation.IDENTITY)
        },
        loss = Loss.SOFTMAX_CROSS_ENTROPY)
public interface Digits extends FloatModel {
}
