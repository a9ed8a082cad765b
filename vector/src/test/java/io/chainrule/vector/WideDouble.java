package io.chainrule.vector;

import io.chainrule.Activation;
import io.chainrule.DoubleModel;
import io.chainrule.Layer;
import io.chainrule.Loss;
import io.chainrule.Network;
import io.chainrule.Precision;

/** A double regressor whose first two layers' batched products go to the vector products. */
@Network(
        inputs = 33,
        layers = {
            @Layer(units = 50, activation = Activation.SIGMOID),
            @Layer(units = 21, activation = Activation.RELU),
            @Layer(units = 2, activation = Activation.IDENTITY)
        },
        loss = Loss.MEAN_SQUARED_ERROR,
        precision = Precision.DOUBLE)
public interface WideDouble extends DoubleModel {
}
