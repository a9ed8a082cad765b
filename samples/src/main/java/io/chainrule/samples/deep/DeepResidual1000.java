package io.chainrule.samples.deep;

import io.chainrule.Activation;
import io.chainrule.CodeShape;
import io.chainrule.FloatModel;
import io.chainrule.Layer;
import io.chainrule.Loss;
import io.chainrule.Network;

/**
 * A residual network of 1000 layers on the 8x8 digits: 64 inputs, a tanh layer of 16 units, 998
 * residual layers {@code h(l) = h(l-1) + α tanh(W h(l-1) + b)} with {@code α = 1/sqrt(998)}, and
 * 10 classes scored by softmax cross-entropy; 272,666 parameters. Constant-bound loops
 * ({@code LOOPS}): unrolled, 1000 layers of 16x16 would overflow the class file's constant pool.
 */
@Network(
        inputs = 64,
        layers = {
            @Layer(units = 16, activation = Activation.TANH),
            @Layer(units = 16, activation = Activation.TANH, skip = 1, repeat = 998),
            @Layer(units = 10, activation = Activation.IDENTITY)
        },
        loss = Loss.SOFTMAX_CROSS_ENTROPY,
        shape = CodeShape.LOOPS)
public interface DeepResidual1000 extends FloatModel {
}
