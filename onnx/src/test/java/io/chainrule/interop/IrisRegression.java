package io.chainrule.interop;

import io.chainrule.Activation;
import io.chainrule.FloatModel;
import io.chainrule.Layer;
import io.chainrule.Loss;
import io.chainrule.Network;

/**
 * Petal width from the other three measurements, with two residual layers (float):
 * {@code 3-16:tanh-16:tanh+1-16:relu+1-1:identity mean_squared_error float}.
 */
@Network(inputs = 3, layers = {
            @Layer(units = 16, activation = Activation.TANH),
            @Layer(units = 16, activation = Activation.TANH, skip = 1),
            @Layer(units = 16, activation = Activation.RELU, skip = 1),
            @Layer(units = 1, activation = Activation.IDENTITY)},
        loss = Loss.MEAN_SQUARED_ERROR)
public interface IrisRegression extends FloatModel {
}
