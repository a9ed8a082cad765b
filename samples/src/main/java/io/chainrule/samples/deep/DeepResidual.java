package io.chainrule.samples.deep;

import io.chainrule.Activation;
import io.chainrule.FloatModel;
import io.chainrule.Layer;
import io.chainrule.Loss;
import io.chainrule.Network;

/**
 * {@link DeepPlain} with residual connections: layer 1 maps the 64 pixels to 32 sigmoid units,
 * layers 2..29 are residual layers {@code h(l) = h(l-1) + α sigmoid(W h(l-1) + b)} with
 * {@code α = 1/sqrt(28)}, and layer 30 scores the 10 classes. The identity path carries the
 * gradient from the loss to the first layer undiminished, so every layer learns.
 */
@Network(
        inputs = 64,
        layers = {
            @Layer(units = 32, activation = Activation.SIGMOID),
            @Layer(units = 32, activation = Activation.SIGMOID, skip = 1, repeat = 28),
            @Layer(units = 10, activation = Activation.IDENTITY)
        },
        loss = Loss.SOFTMAX_CROSS_ENTROPY)
public interface DeepResidual extends FloatModel {
}
