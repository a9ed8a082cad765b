package io.chainrule.samples.deep;

import io.chainrule.Activation;
import io.chainrule.FloatModel;
import io.chainrule.Layer;
import io.chainrule.Loss;
import io.chainrule.Network;

/**
 * 30 layers without skip connections, on the 8x8 digits: 64 inputs, 29 sigmoid hidden layers of
 * 32 units, 10 classes scored by softmax cross-entropy. It does not learn: every layer multiplies
 * the backpropagated gradient by {@code sigmoid' <= 0.25} (times a Glorot-sized weight matrix), so
 * the first layer's gradient is about 1e-18 of the last layer's. {@link DeepResidual} is the same
 * network with residual connections, and trains.
 *
 * <p>The processor warns about this declaration (29 sigmoid hidden layers); the sample is unwise on
 * purpose, so it suppresses the warning (the samples build with {@code -Werror}).
 */
@SuppressWarnings("chainrule")
@Network(
        inputs = 64,
        layers = {
            @Layer(units = 32, activation = Activation.SIGMOID, repeat = 29),
            @Layer(units = 10, activation = Activation.IDENTITY)
        },
        loss = Loss.SOFTMAX_CROSS_ENTROPY)
public interface DeepPlain extends FloatModel {
}
