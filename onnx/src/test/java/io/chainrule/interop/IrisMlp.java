package io.chainrule.interop;

import io.chainrule.Activation;
import io.chainrule.FloatModel;
import io.chainrule.Layer;
import io.chainrule.Loss;
import io.chainrule.Network;

/**
 * The samples' iris network (4-16-3 ReLU, softmax cross-entropy, float); in PyTorch
 * {@code nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))}.
 */
@Network(inputs = 4, layers = {
            @Layer(units = 16, activation = Activation.RELU),
            @Layer(units = 3, activation = Activation.IDENTITY)},
        loss = Loss.SOFTMAX_CROSS_ENTROPY)
public interface IrisMlp extends FloatModel {
}
