package io.chainrule.processor.emit;

import io.chainrule.processor.plan.LayerPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements of one layer's forward and backward pass in one code shape. Both shapes
 * produce the same phases with the same chain-rule comments; only the statements differ.
 */
abstract class LayerCode {
    final Numeric num;
    final ActivationCode activations;

    LayerCode(Numeric num) {
        this.num = num;
        this.activations = new ActivationCode(num);
    }

    /** Forward: {@code z = W · in + b}, then {@code h = a(z)} unless the layer is linear. */
    final List<Phase> forward(LayerPlan l, LayerPlan previous) {
        List<Phase> phases = new ArrayList<>();
        String in = Names.inputSymbol(l);
        phases.add(Phase.of(String.format("z%d = W%d · %s + b%d   (row W%d[j] holds the weights leaving %s[j])",
                l.index(), l.index(), in, l.index(), l.index(), in), affine(l, previous)));
        if (!l.linear()) {
            phases.add(Phase.of(String.format("h%d = %s(z%d)", l.index(), l.activation().label(), l.index()),
                    activation(l)));
        }
        return phases;
    }

    /**
     * Backward, from {@code dL/dh} of this layer: {@code dL/dz}, the weight and bias gradients,
     * and {@code dL/dh} of the layer below (unless this is the first layer).
     */
    final List<Phase> backward(LayerPlan l, LayerPlan previous) {
        List<Phase> phases = new ArrayList<>();
        int i = l.index();
        String in = Names.inputSymbol(l);
        if (!l.linear()) {
            phases.add(Phase.of(String.format("dL/dz%d = dL/dh%d ⊙ %s'(z%d) = dL/dh%d ⊙ %s", i, i,
                    l.activation().label(), i, i, ActivationCode.derivativeMath(l.activation(), "z" + i, "h" + i)),
                    derivative(l)));
        }
        phases.add(Phase.of(String.format("dL/dW%d[j][i] += %s[j] * dL/dz%d[i]", i, in, i), weightGradient(l, previous)));
        phases.add(Phase.of(String.format("dL/db%d[i] += dL/dz%d[i]", i, i), biasGradient(l)));
        if (previous != null) {
            String below = previous.linear()
                    ? String.format("dL/dz%d = dL/dh%d   (layer %d is linear)", i - 1, i - 1, i - 1) : null;
            List<String> comment = new ArrayList<>();
            comment.add(String.format("dL/dh%d = W%d · dL/dz%d, i.e. dL/dh%d[j] = Σ_i W%d[j][i] * dL/dz%d[i]",
                    i - 1, i, i, i - 1, i, i));
            if (below != null) {
                comment.add(below);
            }
            phases.add(new Phase(comment, inputGradient(l, Names.dh(previous))));
        }
        return phases;
    }

    abstract List<Phase.Statement> affine(LayerPlan l, LayerPlan previous);

    abstract List<Phase.Statement> activation(LayerPlan l);

    abstract List<Phase.Statement> derivative(LayerPlan l);

    abstract List<Phase.Statement> weightGradient(LayerPlan l, LayerPlan previous);

    abstract List<Phase.Statement> biasGradient(LayerPlan l);

    /** {@code target[j] = Σ_i W[j][i] * dz[i]} for every input j of the layer. */
    abstract List<Phase.Statement> inputGradient(LayerPlan l, String target);
}
