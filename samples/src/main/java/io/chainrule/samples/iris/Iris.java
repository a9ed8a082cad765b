package io.chainrule.samples.iris;

import io.chainrule.Activation;
import io.chainrule.FloatModel;
import io.chainrule.Layer;
import io.chainrule.Loss;
import io.chainrule.Network;

/**
 * Fisher's iris flowers: 4 measurements (standardised), 16 ReLU units, 3 species scored by
 * softmax cross-entropy. Chainrule generates {@code IrisModel}.
 */
@Network(
        inputs = 4,
        layers = {
            @Layer(units = 16, activation = Activation.RELU),
            @Layer(units = 3, activation = Activation.IDENTITY)
        },
        loss = Loss.SOFTMAX_CROSS_ENTROPY)
public interface Iris extends FloatModel {
}
