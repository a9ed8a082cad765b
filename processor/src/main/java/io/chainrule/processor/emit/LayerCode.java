package io.chainrule.processor.emit;

import com.palantir.javapoet.CodeBlock;
import io.chainrule.Activation;
import io.chainrule.processor.plan.LayerPlan;
import io.chainrule.processor.plan.NetworkPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The phases of one layer's forward and backward pass, each with the chain-rule comment that
 * names what it computes, built from four vector primitives that each code shape writes in its
 * own way. Both shapes evaluate every sum in the same order, so they compute the same bits.
 */
abstract class LayerCode {
    /** The constant α = 1/sqrt(R) that scales every residual branch (see {@link NetworkPlan#residualScale()}). */
    static final String RESIDUAL_SCALE = "RESIDUAL_SCALE";
    final Numeric num;
    final ActivationCode activations;

    LayerCode(Numeric num) {
        this.num = num;
        this.activations = new ActivationCode(num);
    }

    /** {@code out[i] = init[i] + Σ_j m[j][i] * in[j]} (or {@code out[i] += ...} if init is null). */
    abstract List<Phase.Statement> affine(String out, String init, String m, Operand in, int rows, int cols);

    /** {@code grad[j][i] += in[j] * delta[i]}. */
    abstract List<Phase.Statement> outerProduct(String grad, Operand in, String delta, int rows, int cols);

    /** {@code target[j] = Σ_i m[j][i] * v[i]}, or {@code +=} if {@code accumulate}. */
    abstract List<Phase.Statement> dotRows(String target, boolean accumulate, String m, String v, int rows, int cols);

    /** One statement per element i of an n-vector, given the statement for index expression i. */
    abstract List<Phase.Statement> elementwise(int n, Function<String, CodeBlock> statement);

    /** Forward: {@code z = W · in + b}, {@code h = a(z)}, and the residual connection. */
    final List<Phase> forward(LayerPlan l, NetworkPlan plan, LayerNames names) {
        String n = names.sub(l.index());
        Operand in = input(l, plan, names);
        String inSymbol = names.inputSymbol(l);
        List<Phase> phases = new ArrayList<>();
        phases.add(Phase.of(Term.AFFINE, String.format("z%s = W%s · %s + b%s   (row W%s[j] holds the weights leaving %s[j])",
                n, n, inSymbol, n, n, inSymbol), affine(names.z(l), names.b(l), names.w(l), in, l.inputs(), l.units())));
        String activated = names.activated(l);
        if (!activated.equals(names.z(l))) {
            String symbol = l.residual() ? "a" + n : "h" + n;
            phases.add(Phase.of(Term.ACTIVATION, String.format("%s = %s(z%s)", symbol, l.activation().label(), n),
                    elementwise(l.units(), i -> CodeBlock.builder().addStatement("$L[$L] = $L", activated, i,
                            activations.apply(l.activation(), names.z(l) + "[" + i + "]")).build())));
        }
        if (l.residual()) {
            String source = names.symbol(l.source());
            String aSymbol = l.activation() == Activation.IDENTITY ? "z" + n : "a" + n;
            Operand src = output(l.source(), plan, names);
            if (l.projected()) {
                phases.add(Phase.of(Term.SCALED_BRANCH, String.format("h%s = α · %s   (the residual branch, scaled)", n, aSymbol),
                        elementwise(l.units(), i -> CodeBlock.builder().addStatement("$L[$L] = $L * $L[$L]",
                                names.h(l), i, RESIDUAL_SCALE, activated, i).build())));
                phases.add(Phase.of(Term.PROJECTED_SKIP, String.format("h%s += P%s · %s   (skip connection through a projection)",
                        n, n, source), affine(names.h(l), null, names.p(l), src, l.sourceUnits(), l.units())));
            } else {
                phases.add(Phase.of(Term.SKIP, String.format("h%s = α · %s + %s   (skip connection)", n, aSymbol, source),
                        elementwise(l.units(), i -> CodeBlock.builder().addStatement("$L[$L] = $L * $L[$L] + $L",
                                names.h(l), i, RESIDUAL_SCALE, activated, i, src.at(i)).build())));
            }
        }
        return phases;
    }

    /**
     * Backward, from {@code dL/dh} of this layer: {@code dL/dz}, the gradients of W, b (and P),
     * and {@code dL/dh} of the layer below with every skip connection that reaches it.
     */
    final List<Phase> backward(LayerPlan l, NetworkPlan plan, LayerNames names) {
        String n = names.sub(l.index());
        List<Phase> phases = new ArrayList<>(activationGradient(l, names));
        phases.add(Phase.of(Term.WEIGHT_GRADIENT, String.format("dL/dW%s[j][i] += %s[j] * dL/dz%s[i]", n, names.inputSymbol(l), n),
                outerProduct(names.dw(l), input(l, plan, names), names.dz(l), l.inputs(), l.units())));
        phases.add(Phase.of(Term.BIAS_GRADIENT, String.format("dL/db%s[i] += dL/dz%s[i]", n, n),
                elementwise(l.units(), i -> CodeBlock.builder()
                        .addStatement("$L[$L] += $L[$L]", names.db(l), i, names.dz(l), i).build())));
        if (l.projected()) {
            phases.add(Phase.of(Term.PROJECTION_GRADIENT, String.format("dL/dP%s[j][i] += %s[j] * dL/dh%s[i]", n, names.symbol(l.source()), n),
                    outerProduct(names.dp(l), output(l.source(), plan, names), names.dh(l), l.sourceUnits(), l.units())));
        }
        phases.addAll(gradientBelow(l, plan, names));
        return phases;
    }

    /** {@code dL/dz} from {@code dL/dh}, unless the layer is linear (then they are one buffer). */
    final List<Phase> activationGradient(LayerPlan l, LayerNames names) {
        if (l.linear()) {
            return List.of();
        }
        String n = names.sub(l.index());
        String a = names.activated(l);
        String math = ActivationCode.derivativeMath(l.activation(), "z" + n, l.residual() ? "a" + n : "h" + n);
        String comment = l.residual()
                ? String.format("dL/dz%s = α · dL/dh%s ⊙ %s'(z%s) = α · dL/dh%s ⊙ %s   (through the scaled branch)",
                        n, n, l.activation().label(), n, n, math)
                : String.format("dL/dz%s = dL/dh%s ⊙ %s'(z%s) = dL/dh%s ⊙ %s", n, n, l.activation().label(), n, n, math);
        return List.of(Phase.of(Term.ACTIVATION_GRADIENT, comment, elementwise(l.units(), i -> {
            String dh = names.dh(l) + "[" + i + "]";
            String upstream = l.residual() ? "(" + RESIDUAL_SCALE + " * " + dh + ")" : dh;
            return CodeBlock.builder().addStatement("$L[$L] = $L", names.dz(l), i, activations.derivative(
                    l.activation(), upstream, names.z(l) + "[" + i + "]", a + "[" + i + "]")).build();
        })));
    }

    /**
     * {@code dL/dh} of the layer below layer {@code l} (nothing for the first layer): through W,
     * then every skip connection that reaches it.
     */
    final List<Phase> gradientBelow(LayerPlan l, NetworkPlan plan, LayerNames names) {
        int k = l.index();
        if (k == 1) {
            return List.of();
        }
        String n = names.sub(k);
        String below = names.sub(k - 1);
        LayerPlan layerBelow = plan.layer(k - 1);
        List<String> comment = new ArrayList<>();
        comment.add(String.format("dL/dh%s = W%s · dL/dz%s, i.e. dL/dh%s[j] = Σ_i W%s[j][i] * dL/dz%s[i]",
                below, n, n, below, n, n));
        if (layerBelow.linear()) {
            comment.add(String.format("dL/dz%s = dL/dh%s   (layer %s is linear)", below, below,
                    names.relative() ? "l-1" : below));
        }
        List<Phase> phases = new ArrayList<>();
        phases.add(new Phase(Term.GRADIENT_BELOW, comment,
                dotRows(names.dh(layerBelow), false, names.w(l), names.dz(l), l.inputs(), l.units())));
        phases.addAll(skipGradients(names.dh(layerBelow), k - 1, plan, names));
        return phases;
    }

    /** {@code target += dL/dh_m} (or {@code P_m · dL/dh_m}) for every layer m that skips to {@code source}. */
    final List<Phase> skipGradients(String target, int source, NetworkPlan plan, LayerNames names) {
        List<Phase> phases = new ArrayList<>();
        String symbol = source == 0 ? "dL/dx" : "dL/dh" + names.sub(source);
        for (LayerPlan m : plan.skipsFrom(source)) {
            String from = names.sub(m.index());
            if (m.projected()) {
                phases.add(Phase.of(Term.PROJECTED_SKIP_GRADIENT, String.format("%s += P%s · dL/dh%s   (skip connection through a projection)",
                        symbol, from, from),
                        dotRows(target, true, names.p(m), names.dh(m), m.sourceUnits(), m.units())));
            } else {
                phases.add(Phase.of(Term.SKIP_GRADIENT, String.format("%s += dL/dh%s   (skip connection)", symbol, from),
                        elementwise(m.units(), j -> CodeBlock.builder()
                                .addStatement("$L[$L] += $L[$L]", target, j, names.dh(m), j).build())));
            }
        }
        return phases;
    }

    /** The vector layer {@code l} reads: x for the first layer, else h of the layer below. */
    static Operand input(LayerPlan l, NetworkPlan plan, LayerNames names) {
        return output(l.index() - 1, plan, names);
    }

    /** The output of layer {@code index}: x for layer 0, else its h buffer. */
    static Operand output(int index, NetworkPlan plan, LayerNames names) {
        return index == 0 ? Operand.input() : Operand.field(names.h(plan.layer(index)));
    }
}
