package io.chainrule.interop;

import io.chainrule.Activation;
import io.chainrule.DoubleModel;
import io.chainrule.Layer;
import io.chainrule.Loss;
import io.chainrule.Network;
import io.chainrule.Precision;

/**
 * Every kind of skip connection in double precision: a plain skip over one layer, a projected one
 * over two, a projected one from the input, five activations and a one-vs-rest sigmoid head.
 * {@code 4-8:tanh-8:leaky_relu+1-6:softplus+2p-6:sigmoid+4p-3:identity sigmoid_cross_entropy double}.
 */
@Network(inputs = 4, layers = {
            @Layer(units = 8, activation = Activation.TANH),
            @Layer(units = 8, activation = Activation.LEAKY_RELU, skip = 1),
            @Layer(units = 6, activation = Activation.SOFTPLUS, skip = 2, projection = true),
            @Layer(units = 6, activation = Activation.SIGMOID, skip = 4, projection = true),
            @Layer(units = 3, activation = Activation.IDENTITY)},
        loss = Loss.SIGMOID_CROSS_ENTROPY, precision = Precision.DOUBLE)
public interface IrisResidual extends DoubleModel {
}
