package io.chainrule.samples.digits;

import io.chainrule.Activation;
import io.chainrule.FloatModel;
import io.chainrule.Layer;
import io.chainrule.Loss;
import io.chainrule.Network;

/** The digits network scored with the multiclass hinge loss, as a support vector machine is. */
@Network(
        inputs = 64,
        layers = {
            @Layer(units = 32, activation = Activation.RELU),
            @Layer(units = 10, activation = Activation.IDENTITY)
        },
        loss = Loss.MULTICLASS_HINGE)
public interface DigitsHinge extends FloatModel {
}
