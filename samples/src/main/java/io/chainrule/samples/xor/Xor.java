package io.chainrule.samples.xor;

import io.chainrule.Activation;
import io.chainrule.CodeShape;
import io.chainrule.FloatModel;
import io.chainrule.Layer;
import io.chainrule.Loss;
import io.chainrule.Network;

/**
 * XOR, the smallest problem a linear model cannot solve: 2 inputs, 3 tanh hidden units, one
 * output scored by sigmoid cross-entropy. Chainrule generates {@code XorModel}.
 */
@Network(
        inputs = 2,
        layers = {
            @Layer(units = 3, activation = Activation.TANH),
            @Layer(units = 1, activation = Activation.IDENTITY)
        },
        loss = Loss.SIGMOID_CROSS_ENTROPY,
        shape = CodeShape.UNROLLED)
public interface Xor extends FloatModel {
}
