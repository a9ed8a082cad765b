package io.chainrule.vector;

import io.chainrule.Activation;
import io.chainrule.FloatModel;
import io.chainrule.Layer;
import io.chainrule.Loss;
import io.chainrule.Network;

/** A float classifier whose first two layers' batched products go to the vector products. */
@Network(
        inputs = 57,
        layers = {
            @Layer(units = 70, activation = Activation.RELU),
            @Layer(units = 37, activation = Activation.TANH),
            @Layer(units = 4, activation = Activation.IDENTITY)
        },
        loss = Loss.SOFTMAX_CROSS_ENTROPY)
public interface WideFloat extends FloatModel {
}
